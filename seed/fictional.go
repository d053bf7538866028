package seed

import (
	"strconv"
	"strings"
	"time"
)

// addKind adds one listing per town code of a catalog row.
func (b *builder) addKind(k kind) {
	seen := map[string]int{} // town code -> listings of this row in it so far
	sites := map[string]int{}
	for i, code := range strings.Fields(k.towns) {
		t, ok := towns[code]
		if !ok {
			panic("seed: " + k.key + ": unknown town code " + code)
		}
		key := k.key + "/" + code + "/" + strconv.Itoa(seen[code])
		seen[code]++

		orgName := fill(pick(k.org, i), t.name)
		desc := orgDescs[orgName]
		if desc == "" {
			desc = fill(k.orgDesc, t.name)
		}
		if desc == "" {
			desc = "A community organization in " + t.name + "."
		}
		e := b.org(orgName, desc)

		l := listing{
			key: key, org: e,
			name: fill(pick(k.name, i), t.name), desc: fill(pick(k.desc, i), t.name) + " " + demoNote,
			needs: strings.Fields(k.needs), level: k.level, access: strings.Fields(k.access),
			hours: shapes[pick(k.hours, i)], cost: k.cost,
			langs: languages(key, code, pick(k.langs, i)),
			beds:  k.beds, full: k.full, capNote: "Demo figure, not a live count.",
			elig: pick(k.elig, i), apply: k.apply,
			status: k.status[i], alert: k.alert[i], assured: assured(key),
		}
		l.elig.text = fill(l.elig.text, t.name)
		if _, ok := shapes[pick(k.hours, i)]; !ok && pick(k.hours, i) != "" {
			panic("seed: " + key + ": unknown hours " + pick(k.hours, i))
		}
		if !k.noSite {
			n := sites[orgName+"|"+code]
			sites[orgName+"|"+code]++
			l.loc = b.site(e, code, n)
		}
		if k.phone || k.noSite {
			l.phone, l.phoneDesc = e.phone, "Phone line"
			if l.hours != nil && l.hours[0].desc == "Open 24 hours" {
				l.phoneDesc = "Call any time, day or night"
			}
			l.text = k.text
		}
		switch a := pick(k.area, i); a {
		case "":
		case "town":
			l.areas, l.areaDesc = []string{t.name}, "Serves "+t.name+"."
		default:
			l.areas = regions[a]
			if l.areas == nil {
				panic("seed: " + key + ": unknown region " + a)
			}
			l.areaDesc = "Part of the area served from " + t.name + "."
		}
		b.add(l)
	}
}

// languages returns English, the languages the row always offers, and others drawn with
// odds that follow who lives in the town: Spanish in the cities, Portuguese in Ludlow,
// Russian in West Springfield and Westfield, Vietnamese and Haitian Creole in Springfield.
func languages(key, code, always string) []string {
	r := rng("language", key)
	has := map[string]bool{"en": true}
	for _, c := range strings.Fields(always) {
		has[c] = true
	}
	odds := map[string]map[string]float64{
		"es": {"SPR": 0.45, "HOL": 0.5, "CHI": 0.4, "WSP": 0.3, "WFD": 0.25, "NOH": 0.25, "AMH": 0.25, "*": 0.12},
		"pt": {"LUD": 0.6, "CHI": 0.15, "*": 0.06},
		"ru": {"WSP": 0.35, "WFD": 0.2, "*": 0},
		"vi": {"SPR": 0.07, "*": 0},
		"ht": {"SPR": 0.05, "*": 0},
	}
	out := []string{"en"}
	for _, c := range []string{"es", "pt", "vi", "ru", "uk", "ht"} {
		p, ok := odds[c][code]
		if !ok {
			p = odds[c]["*"]
		}
		if has[c] || r.Float64() < p {
			out = append(out, c)
		}
	}
	return out
}

// assured is the date a person last confirmed the listing: mostly in the last four
// months, but about one in fifteen more than a year ago, so staleness shows in the demo.
func assured(key string) string {
	r := rng("assured", key)
	if r.IntN(15) == 0 {
		return time.Date(2025, time.Month(2+r.IntN(8)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
	}
	return time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(117)).Format(time.DateOnly)
}
