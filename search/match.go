package search

import (
	"context"

	"handoff/directory"
)

// MatchRequest is a person's situation: needs, assessment, where they are, and what the
// service must offer. Base carries the place and the constraints (language, age, free,
// walk-in, open now, available); its text, needs and levels are set per need.
type MatchRequest struct {
	Needs      []string
	Assessment directory.Assessment
	Base       Query
	// PerNeed is how many services to suggest for each need (default 5).
	PerNeed int
}

// NeedMatch is the answer for one need: the rule that chose the levels of care, and the
// services at those levels, ranked.
type NeedMatch struct {
	Need   string
	Rule   directory.MatchRule
	Levels []string
	Result *Result
}

// MatchResult answers every need, the most urgent first.
type MatchResult struct {
	Needs []NeedMatch
}

// Match answers each need with the services at the levels of care the rules choose.
func (e *Engine) Match(ctx context.Context, req MatchRequest) (*MatchResult, error) {
	per := req.PerNeed
	if per <= 0 {
		per = 5
	}
	out := &MatchResult{}
	for _, need := range directory.MatchNeeds(req.Needs, req.Assessment) {
		rule, levels, ok := directory.MatchLevels(need, req.Assessment)
		if !ok {
			continue
		}
		q := req.Base
		q.Text, q.Needs, q.Levels = "", []string{need}, levels
		q.Page, q.PerPage = 1, per
		q.Explain = true
		res, err := e.Search(ctx, q)
		if err != nil {
			return nil, err
		}
		out.Needs = append(out.Needs, NeedMatch{Need: need, Rule: rule, Levels: levels, Result: res})
	}
	return out, nil
}
