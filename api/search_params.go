package api

import (
	"context"
	"regexp"
	"strings"

	"github.com/paulmach/orb"

	"handoff/directory"
	"handoff/geo"
	"handoff/search"
)

// list reads a repeatable parameter: need=food&need=housing, or need=food,housing.
func (p *params) list(name string) []string {
	var out []string
	for _, v := range p.c.Context().QueryArgs().PeekMulti(name) {
		for _, s := range strings.Split(string(v), ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// codes reads a repeatable parameter of vocabulary codes, naming the allowed ones in the
// problem when one is unknown.
func (p *params) codes(name, taxonomy string) []string {
	vals := p.list(name)
	for _, v := range vals {
		if !directory.HasTerm(taxonomy, v) {
			voc, _ := directory.Vocab(taxonomy)
			allowed := make([]string, len(voc.Terms))
			for i, t := range voc.Terms {
				allowed[i] = t.Code
			}
			p.fail(name, "%q is not one of %s", v, strings.Join(allowed, ", "))
			return nil
		}
	}
	return vals
}

var (
	codeRE     = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,63}$`)
	languageRE = regexp.MustCompile(`^[a-z]{2,3}(-[a-z0-9]{2,8})?$`)
)

// looseCodes reads codes that need not be Handoff's own: imported directories carry
// levels of care outside the vocabulary, and a filter on them must still work.
func (p *params) looseCodes(name string, re *regexp.Regexp, what string) []string {
	vals := p.list(name)
	for i, v := range vals {
		vals[i] = strings.ToLower(v)
		if !re.MatchString(vals[i]) {
			p.fail(name, "%q is not %s", v, what)
			return nil
		}
	}
	return vals
}

// place reads where a search is: lat and lon, or near (a ZIP or a town), with radius_km
// (see readPlace); and bbox for maps. It geocodes near offline.
func (p *params) place(ctx context.Context, g geo.Geocoder, q *search.Query) *geo.Place {
	in := placeInput{Near: p.str("near")}
	if lat, ok := p.float("lat", minLat, maxLat); ok {
		in.Lat = &lat
	}
	if lon, ok := p.float("lon", minLon, maxLon); ok {
		in.Lon = &lon
	}
	if radius, ok := p.float("radius_km", search.MinRadiusKm, search.MaxRadiusKm); ok {
		in.RadiusKm = &radius
	}
	where := readPlace(ctx, g, in, q, &p.fieldErrs)
	if b := p.str("bbox"); b != "" {
		parts := strings.Split(b, ",")
		var v [4]float64
		ok := len(parts) == 4
		for i := 0; ok && i < 4; i++ {
			v[i], ok = parseFinite(strings.TrimSpace(parts[i]))
		}
		if !ok || v[0] > v[2] || v[1] > v[3] || v[0] < -180 || v[2] > 180 || v[1] < -90 || v[3] > 90 {
			p.fail("bbox", "must be min_lon,min_lat,max_lon,max_lat")
		} else {
			q.Bound = &orb.Bound{Min: orb.Point{v[0], v[1]}, Max: orb.Point{v[2], v[3]}}
		}
	}
	return where
}

// searchQuery reads GET /api/v1/search's parameters.
func (p *params) searchQuery(ctx context.Context, g geo.Geocoder) (search.Query, *geo.Place) {
	q := search.Query{Text: p.str("q"), Explain: true}
	if len(q.Text) > 200 {
		p.fail("q", "is longer than 200 characters")
	}
	where := p.place(ctx, g, &q)
	q.Needs = p.codes("need", directory.TaxonomyNeed)
	q.Levels = p.looseCodes("level_of_care", codeRE, "a level of care code")
	q.Languages = p.looseCodes("language", languageRE, "an ISO 639 language code")
	q.Free, q.WalkIn, q.OpenNow, q.Available = p.boolean("free"), p.boolean("walk_in"), p.boolean("open_now"), p.boolean("available")
	q.IncludeInactive = p.boolean("include_inactive")
	q.At = p.time("at")
	if age, ok := p.float("age", 0, 130); ok {
		q.Age = &age
	}
	q.Organization = p.uuid("organization")
	q.Sort = p.oneOf("sort", search.SortRelevance, search.SortRelevance, search.SortDistance, search.SortName)
	if q.Sort == search.SortDistance && q.Point == nil {
		p.fail("sort", "distance needs lat and lon or near")
	}
	q.Page = p.intIn("page", 1, 1, 10_000)
	q.PerPage = p.intIn("per_page", search.DefaultPerPage, 1, 100)
	if q.Page*q.PerPage > 10_000 {
		p.fail("page", "goes beyond the first 10,000 results")
	}
	return q, where
}
