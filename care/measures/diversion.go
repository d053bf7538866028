package measures

import (
	"cmp"
	"slices"
	"time"

	"handoff/care"
)

// DiversionRow is a count of encounters in one month, town and source, as the store
// groups them. Month indexes the periods the store was given (Months of the range).
type DiversionRow struct {
	Month          int
	Town           string
	Source         care.Source
	Encounters     int
	EDDiverted     int
	ArrestDiverted int
	Both           int // diverted from both the emergency department and arrest
}

// DiversionCounts are the diversion figures of a group of encounters. Rates are per
// encounter of the group.
type DiversionCounts struct {
	Encounters     int      `json:"encounters"`
	EDDiverted     int      `json:"ed_diverted"`
	ArrestDiverted int      `json:"arrest_diverted"`
	Both           int      `json:"both"`
	EDRate         *float64 `json:"ed_rate"`
	ArrestRate     *float64 `json:"arrest_rate"`
	BothRate       *float64 `json:"both_rate"`
	// DirectToPeer counts contacts that came straight to a peer instead of through 911.
	DirectToPeer     int      `json:"direct_to_peer"`
	DirectToPeerRate *float64 `json:"direct_to_peer_rate"`
}

// DiversionGroup is the figures of one month, town or source.
type DiversionGroup struct {
	Key string `json:"key"`
	DiversionCounts
}

// DiversionReport is the diversions measure.
type DiversionReport struct {
	From     time.Time        `json:"from"`
	To       time.Time        `json:"to"`
	Total    DiversionCounts  `json:"total"`
	ByMonth  []DiversionGroup `json:"by_month"`
	ByTown   []DiversionGroup `json:"by_town"`
	BySource []DiversionGroup `json:"by_source"`
}

// NoTown labels encounters with no known town.
const NoTown = "(unknown)"

// Diversions computes the measure from grouped rows; months are the periods the rows'
// Month indexes (every month is listed, with zeros when quiet), and every source is
// listed too.
func Diversions(from, to time.Time, months []Period, rows []DiversionRow) DiversionReport {
	r := DiversionReport{From: from, To: to}
	byMonth := make([]DiversionCounts, len(months))
	byTown := map[string]*DiversionCounts{}
	bySource := map[care.Source]*DiversionCounts{}
	for _, s := range care.Sources() {
		bySource[s] = &DiversionCounts{}
	}
	for _, row := range rows {
		r.Total.add(row)
		if row.Month >= 0 && row.Month < len(months) {
			byMonth[row.Month].add(row)
		}
		town := row.Town
		if town == "" {
			town = NoTown
		}
		if byTown[town] == nil {
			byTown[town] = &DiversionCounts{}
		}
		byTown[town].add(row)
		if bySource[row.Source] == nil {
			bySource[row.Source] = &DiversionCounts{}
		}
		bySource[row.Source].add(row)
	}
	r.Total.rates()
	for i, m := range months {
		byMonth[i].rates()
		r.ByMonth = append(r.ByMonth, DiversionGroup{m.Label, byMonth[i]})
	}
	for t, dc := range byTown {
		dc.rates()
		r.ByTown = append(r.ByTown, DiversionGroup{t, *dc})
	}
	slices.SortFunc(r.ByTown, func(a, b DiversionGroup) int {
		return cmp.Or(cmp.Compare(b.Encounters, a.Encounters), cmp.Compare(a.Key, b.Key))
	})
	for _, s := range care.Sources() {
		dc := bySource[s]
		dc.rates()
		r.BySource = append(r.BySource, DiversionGroup{string(s), *dc})
		delete(bySource, s)
	}
	for s, dc := range bySource { // sources no longer offered, still in old data
		dc.rates()
		r.BySource = append(r.BySource, DiversionGroup{string(s), *dc})
	}
	return r
}

func (d *DiversionCounts) add(row DiversionRow) {
	d.Encounters += row.Encounters
	d.EDDiverted += row.EDDiverted
	d.ArrestDiverted += row.ArrestDiverted
	d.Both += row.Both
	if row.Source == care.SourceDirectToPeer {
		d.DirectToPeer += row.Encounters
	}
}

func (d *DiversionCounts) rates() {
	d.EDRate = Rate(d.EDDiverted, d.Encounters)
	d.ArrestRate = Rate(d.ArrestDiverted, d.Encounters)
	d.BothRate = Rate(d.Both, d.Encounters)
	d.DirectToPeerRate = Rate(d.DirectToPeer, d.Encounters)
}
