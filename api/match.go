package api

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"handoff/directory"
	"handoff/geo"
	"handoff/search"
)

// matchRequest is the body of POST /api/v1/match. It holds no identity: what a peer
// knows about the person's situation, not who they are, and nothing of it is stored.
type matchRequest struct {
	Needs       []string             `json:"needs"`
	Assessment  directory.Assessment `json:"assessment"`
	Lat         *float64             `json:"lat"`
	Lon         *float64             `json:"lon"`
	Near        string               `json:"near"`
	RadiusKm    float64              `json:"radius_km"`
	Language    string               `json:"language"`
	Age         *float64             `json:"age"`
	At          string               `json:"at"`
	PerNeed     int                  `json:"per_need"`
	Constraints struct {
		Free      bool `json:"free"`
		WalkIn    bool `json:"walk_in"`
		OpenNow   bool `json:"open_now"`
		Available bool `json:"available"`
	} `json:"constraints"`
}

// match answers POST /api/v1/match: for each need, the rule that maps the assessment to
// levels of care, and the services at those levels near the person, ranked.
func (s *Server) match(c *fiber.Ctx) error {
	var req matchRequest
	// Strict: a misspelt member (a constraint, say) would otherwise be dropped and the
	// match quietly widened.
	if err := readStrictJSON(c, &req); err != nil {
		return err
	}
	mr, where, err := s.matchQuery(c, &req)
	if err != nil {
		return err
	}
	if err := s.searchReady(); err != nil {
		return err
	}
	res, err := s.opts.Search.Match(c.UserContext(), mr)
	if err != nil {
		return searchError(err)
	}
	buf := getBuffer()
	defer putBuffer(buf)
	buf.WriteString(`{"matches":[`)
	for i, m := range res.Needs {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteString(`{"need":`)
		writeString(buf, m.Need)
		buf.WriteString(`,"rule":{"id":`)
		writeString(buf, m.Rule.ID)
		buf.WriteString(`,"description":`)
		writeString(buf, m.Rule.Description)
		buf.WriteString(`},"levels_of_care":`)
		writeStrings(buf, m.Levels)
		buf.WriteString(`,"total":`)
		buf.WriteString(strconv.Itoa(m.Result.Total))
		buf.WriteString(`,"items":`)
		writeItems(buf, m.Result.Hits, m.Rule.ID)
		buf.WriteByte('}')
	}
	buf.WriteString(`],"near":`)
	if where != nil {
		b, _ := json.Marshal(map[string]any{"label": where.Label, "kind": where.Kind, "town": where.Town,
			"lat": where.Point[1], "lon": where.Point[0]})
		buf.Write(b)
	} else {
		buf.WriteString("null")
	}
	buf.WriteByte('}')
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	c.Response().SetBody(buf.Bytes())
	return nil
}

// matchQuery checks the request and turns it into a search.MatchRequest, naming every
// bad field in one 400.
func (s *Server) matchQuery(c *fiber.Ctx, req *matchRequest) (search.MatchRequest, *geo.Place, error) {
	errs := &fieldErrs{}
	if len(req.Needs) == 0 && !req.Assessment.ImminentRisk {
		errs.fail("needs", "name at least one need (crisis, treatment, housing, food, …)")
	}
	for i, n := range req.Needs {
		if !directory.HasTerm(directory.TaxonomyNeed, n) {
			errs.fail("needs["+strconv.Itoa(i)+"]", "%s is not a need code", strconvQuote(n))
		}
	}
	a := req.Assessment
	if a.LOCUS != nil && (*a.LOCUS < 0 || *a.LOCUS > 6) {
		errs.fail("assessment.locus", "must be a LOCUS level from 0 to 6")
	}
	if a.LevelOfCare != "" && !directory.HasTerm(directory.TaxonomyLevelOfCare, a.LevelOfCare) {
		errs.fail("assessment.level_of_care", "%s is not a level of care code", strconvQuote(a.LevelOfCare))
	}
	base := search.Query{Explain: true}
	place := placeInput{Near: req.Near, Lat: req.Lat, Lon: req.Lon, Required: true}
	if req.RadiusKm != 0 { // 0, or no radius_km: the default
		place.RadiusKm = &req.RadiusKm
	}
	where := readPlace(c.UserContext(), s.geo, place, &base, errs)
	if l := strings.ToLower(strings.TrimSpace(req.Language)); l != "" {
		if !languageRE.MatchString(l) {
			errs.fail("language", "must be an ISO 639 language code")
		}
		base.Languages = []string{l}
	}
	if req.Age != nil && (*req.Age < 0 || *req.Age > 130) {
		errs.fail("age", "must be between 0 and 130")
	}
	base.Age = req.Age
	if req.At != "" {
		t, err := time.Parse(time.RFC3339, req.At)
		if err != nil {
			errs.fail("at", "must be an RFC 3339 date-time")
		}
		base.At = t
	}
	if req.PerNeed < 0 || req.PerNeed > 50 {
		errs.fail("per_need", "must be between 1 and 50")
	}
	k := req.Constraints
	base.Free, base.WalkIn, base.OpenNow, base.Available = k.Free, k.WalkIn, k.OpenNow, k.Available
	if err := errs.err(); err != nil {
		return search.MatchRequest{}, nil, err
	}
	return search.MatchRequest{Needs: req.Needs, Assessment: a, Base: base, PerNeed: req.PerNeed}, where, nil
}

func strconvQuote(s string) string {
	if len(s) > 60 {
		s = s[:60] + "…"
	}
	return strconv.Quote(s)
}
