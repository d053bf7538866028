package api

import (
	"context"
	"errors"

	"github.com/gofiber/fiber/v2"

	"handoff/search"
)

// Searcher is what the API asks of the search engine (search.Engine).
type Searcher interface {
	Search(ctx context.Context, q search.Query) (*search.Result, error)
	Match(ctx context.Context, r search.MatchRequest) (*search.MatchResult, error)
	Ready() error
}

// search answers GET /api/v1/search: the services near a person that fit, ranked and
// explained, with facets.
func (s *Server) search(c *fiber.Ctx) error {
	p := newParams(c)
	q, where := p.searchQuery(c.UserContext(), s.geo)
	if err := p.err(); err != nil {
		return err
	}
	q.Lang = requestLang(c) // the explanations in the asker's language
	if err := s.searchReady(); err != nil {
		return err
	}
	// A peer's first name on an observation is for colleagues; the public reads "a peer".
	q.NameObservers = currentPrincipal(c) != nil
	res, err := s.opts.Search.Search(c.UserContext(), q)
	if err != nil {
		return searchError(err)
	}
	s.noteGap(q, res, where)
	buf := getBuffer()
	defer putBuffer(buf)
	writeSearchResult(buf, res, where)
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	c.Response().SetBody(buf.Bytes()) // copies: the buffer goes back to the pool
	return nil
}

// searchReady is the 503 while there is no engine or its index is being built.
func (s *Server) searchReady() error {
	if s.opts.Search == nil {
		return problem(fiber.StatusServiceUnavailable, "Search is not configured on this server.")
	}
	if err := s.opts.Search.Ready(); err != nil {
		p := problem(fiber.StatusServiceUnavailable, "The search index is being built; try again in a moment.")
		return p
	}
	return nil
}

func searchError(err error) error {
	switch {
	case errors.Is(err, search.ErrBadQuery):
		return problem(fiber.StatusBadRequest, err.Error())
	case errors.Is(err, search.ErrNotReady):
		return problem(fiber.StatusServiceUnavailable, "The search index is being built; try again in a moment.")
	}
	return err
}
