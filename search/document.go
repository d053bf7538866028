package search

import (
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"

	"handoff/directory"
	"handoff/geo"
)

// built is one index document made from a listing, with its facts and its result view.
// The facts are stored with the document once the view has its place in the views file
// (place).
type built struct {
	key   string
	facts facts
	view  []byte
	doc   *document.Document
}

// place records where the view was written and adds the facts to the document.
func (b *built) place(off int64) {
	b.facts.ViewOff, b.facts.ViewLen = off, uint32(len(b.view))
	b.doc.AddField(document.NewTextFieldCustom(fieldFacts, nil, encodeFacts(&b.facts), storedOptions, nil))
}

// placeAll writes the views of docs to vs and places each.
func placeAll(vs *viewStore, docs []built) error {
	blobs := make([][]byte, len(docs))
	for i := range docs {
		blobs[i] = docs[i].view
	}
	offs, err := vs.add(blobs)
	if err != nil {
		return err
	}
	for i := range docs {
		docs[i].place(offs[i])
	}
	return nil
}

// Keys of documents that are not a service at a location.
func areaKey(serviceID string) string    { return "area:" + serviceID }
func nowhereKey(serviceID string) string { return "svc:" + serviceID }

// analyzers are the two the documents need, taken from the mapping once.
type analyzers struct {
	text, keyword analysis.Analyzer
}

const (
	textOptions    = index.IndexField | index.SkipFreqNorm // matching is boolean: see relevance.go
	keywordOptions = index.IndexField | index.SkipFreqNorm
	sortOptions    = index.IndexField | index.SkipFreqNorm | index.DocValues
	storedOptions  = index.StoreField
)

// buildDocs makes a service's documents: one per location with a map point; when there
// is none, one area document if the service has service areas, else one document found
// only by text.
func (an analyzers) buildDocs(s *directory.Service) []built {
	base := serviceFacts(s)
	var out []built
	for i := range s.ServiceAtLocations {
		sal := &s.ServiceAtLocations[i]
		l := sal.Location
		if l == nil || l.Latitude == nil || l.Longitude == nil {
			continue
		}
		f := base
		f.Kind, f.Lat, f.Lon = kindSite, *l.Latitude, *l.Longitude
		f.Langs = mergeCodes(base.Langs, languageCodes(l.Languages))
		state := ""
		if a := directory.PhysicalAddress(l); a != nil {
			state = a.StateProvince
		}
		f.Zone = directory.ZoneName(state, f.Lon, f.Lat, true)
		f.Hours = hoursRows(directory.LocalHours(s, sal))
		out = append(out, an.build(sal.ID, s, sal, f))
	}
	if len(out) > 0 {
		return out
	}
	f := base
	key := nowhereKey(s.ID)
	f.Kind = kindNowhere
	f.Hours = hoursRows(directory.LocalHours(s, nil))
	f.Zone = directory.DefaultZone
	if len(base.Areas) > 0 {
		f.Kind, key = kindArea, areaKey(s.ID)
		if a, err := geo.ParseArea(base.Areas[0]); err == nil {
			c := a.Centroid()
			f.Zone = directory.ZoneName("", c[0], c[1], true)
		}
	}
	return []built{an.build(key, s, nil, f)}
}

// serviceFacts are the facts every document of a service shares.
func serviceFacts(s *directory.Service) facts {
	f := facts{Service: s.ID, Needs: directory.TermCodes(s, directory.TaxonomyNeed),
		Levels: directory.TermCodes(s, directory.TaxonomyLevelOfCare), Access: directory.TermCodes(s, directory.TaxonomyAccess),
		Langs: languageCodes(s.Languages), Free: directory.IsFree(s), Active: s.Status == "active",
		MinAge: s.MinimumAge, MaxAge: s.MaximumAge, Assured: s.AssuredDate}
	if st := directory.CapacityStatus(s); st != "" || len(s.Capacities) > 0 {
		// Several capacity rows (men's and women's beds) add up for the filter and the
		// ranking; the newest update dates the sum.
		sum := directory.SumCapacities(s.Capacities)
		c := &capFacts{Status: st, Available: sum.Available, Maximum: sum.Maximum, Updated: sum.Updated, Source: sum.Source}
		for i, x := range sum.Counted {
			c.age(x, i == 0)
			if c.Unit == "" {
				c.Unit = unitName(x.Unit)
			}
		}
		f.Cap = c
	}
	f.Obs = observationFacts(s.Observation)
	for _, a := range s.ServiceAreas {
		if a.Extent != "" && (a.ExtentType == "" || strings.EqualFold(a.ExtentType, "geojson")) {
			f.Areas = append(f.Areas, a.Extent)
		}
		if a.Name != "" {
			f.AreaName = append(f.AreaName, a.Name)
		}
	}
	return f
}

// unitName reads the name of an HSDS 3.1 unit object ({"id":…,"name":"bed"}).
func unitName(raw []byte) string {
	s := string(raw)
	i := strings.Index(s, `"name"`)
	if i < 0 {
		return ""
	}
	rest := strings.TrimLeft(s[i+6:], " :")
	if !strings.HasPrefix(rest, `"`) {
		return ""
	}
	rest = rest[1:]
	if j := strings.IndexByte(rest, '"'); j >= 0 {
		return rest[:j]
	}
	return ""
}

func languageCodes(ls []directory.Language) []string {
	var out []string
	for _, l := range ls {
		c := strings.ToLower(strings.TrimSpace(l.Code))
		if c == "" {
			c = languageCodeOf(l.Name)
		}
		if c != "" {
			out = mergeCodes(out, []string{c})
		}
	}
	return out
}

func mergeCodes(a, b []string) []string {
	out := append([]string(nil), a...)
	for _, c := range b {
		dup := false
		for _, x := range out {
			dup = dup || x == c
		}
		if !dup {
			out = append(out, c)
		}
	}
	return out
}

// hoursRows keeps the schedule fields that hours are compiled from.
func hoursRows(rows []directory.Schedule) []directory.Schedule {
	out := make([]directory.Schedule, 0, len(rows))
	for _, r := range rows {
		out = append(out, directory.Schedule{Freq: r.Freq, ByDay: r.ByDay, ByMonthDay: r.ByMonthDay,
			OpensAt: r.OpensAt, ClosesAt: r.ClosesAt, ValidFrom: r.ValidFrom, ValidTo: r.ValidTo, Until: r.Until,
			Description: r.Description})
	}
	return out
}

// build makes the bleve document.
func (an analyzers) build(key string, s *directory.Service, sal *directory.ServiceAtLocation, f facts) built {
	d := document.NewDocument(key)
	// The text is analyzed here once: the term sets go into the facts for the ranker,
	// and the same tokens go to bleve for the postings.
	text := []byte(searchText(s, sal, &f))
	toks := an.text.Analyze(text)
	f.TextSet, f.TextLen = termSet(toks), len(toks)
	f.NameSet = termSet(an.text.Analyze([]byte(s.Name + " \n " + s.AlternateName)))
	d.AddField(document.NewTextFieldCustom(fieldText, nil, text, textOptions, cachedAnalyzer{toks}))
	tag := func(t string) {
		d.AddField(document.NewTextFieldCustom(fieldTags, nil, []byte(t), keywordOptions, an.keyword))
	}
	for _, c := range f.Needs {
		tag(tagNeed + c)
	}
	for _, c := range f.Levels {
		tag(tagLevel + c)
	}
	for _, c := range f.Access {
		tag(tagAccess + c)
	}
	for _, c := range f.Langs {
		tag(tagLang + c)
	}
	if f.Free {
		tag(tagFree)
	}
	if f.Active {
		tag(tagActive)
	}
	tag(tagStatus + s.Status)
	tag(tagService + s.ID)
	tag(kindTags[f.Kind])
	if s.OrganizationID != "" {
		tag(tagOrg + s.OrganizationID)
	}
	if f.Cap != nil && directory.HasRoom(f.Cap.Status, deref(f.Cap.Available)) {
		tag(tagRoom)
	}
	seen := map[string]bool{}
	for _, a := range s.Attributes {
		for _, t := range []string{tagTerm + a.TaxonomyTermID, tagTaxonomy + taxonomyIDOf(&a)} {
			if len(t) > 2 && !seen[t] {
				seen[t] = true
				tag(t)
			}
		}
	}
	if f.Kind == kindSite {
		buf := make([]byte, 0, 16)
		p := [2]float64{f.Lon, f.Lat}
		for level := range geo.GridLevels {
			buf = geo.CellAt(level, p).AppendToken(buf[:0])
			d.AddField(document.NewTextFieldCustom(fieldCell, nil, append([]byte(nil), buf...), keywordOptions, an.keyword))
		}
	}
	d.AddField(document.NewTextFieldCustom(fieldSort, nil, []byte(sortKey(s.Name)), sortOptions, an.keyword))
	return built{key: key, facts: f, view: renderView(s, sal, &f, f.Hours), doc: d}
}

func taxonomyIDOf(a *directory.Attribute) string {
	if a.TaxonomyTerm != nil {
		return a.TaxonomyTerm.TaxonomyID
	}
	return ""
}

func deref(v *float64) float64 {
	if v == nil {
		return 0
	}
	return *v
}

// sortKey orders names the way people read them: case and accents do not matter.
func sortKey(name string) string {
	return strings.ToLower(foldASCII(name))
}

// searchText is everything a peer might type to find the listing, besides its name:
// description, organization, taxonomy terms (Handoff's and imported ones), eligibility,
// languages, fees, the place and the areas served.
func searchText(s *directory.Service, sal *directory.ServiceAtLocation, f *facts) string {
	var b strings.Builder
	add := func(parts ...string) {
		for _, p := range parts {
			if p = strings.TrimSpace(p); p != "" {
				b.WriteString(p)
				b.WriteString(" \n ")
			}
		}
	}
	add(s.Name, s.AlternateName, s.Description, s.EligibilityDescription, s.FeesDescription, s.InterpretationServices)
	if o := s.Organization; o != nil {
		add(o.Name, o.AlternateName)
	}
	for _, a := range s.Attributes {
		if t := a.TaxonomyTerm; t != nil {
			add(t.Name, strings.ReplaceAll(t.Code, "_", " "))
		}
	}
	for _, c := range f.Langs {
		add(languageName(c))
	}
	for _, c := range s.CostOptions {
		add(c.Option)
	}
	if sal != nil && sal.Location != nil {
		l := sal.Location
		add(l.Name, l.AlternateName)
		if a := directory.PhysicalAddress(l); a != nil {
			add(a.City)
		}
	}
	add(f.AreaName...)
	return b.String()
}
