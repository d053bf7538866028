package api

import (
	"context"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"handoff/care"
	"handoff/directory"
	"handoff/geo"
	"handoff/search"
	"handoff/store"
)

// Service gaps (issue 15): the search handler hands every search that found nothing, or
// nothing open, to noteGap, which keeps what search.GapOf allows (no text as typed, no
// point, no time) without making the search wait: a writer goroutine stores them, and
// when it falls behind, gaps are dropped rather than searches slowed.

// gapQueue is how many gaps may wait for the writer.
const gapQueue = 1024

type gapWriter struct {
	once sync.Once
	ch   chan directory.ServiceGap
}

// noteGap records the search as a gap when it is one.
func (s *Server) noteGap(q search.Query, res *search.Result, where *geo.Place) {
	eng, _ := s.opts.Search.(*search.Engine)
	town := ""
	switch {
	case where != nil:
		town = where.Town
	case q.Point != nil:
		if t, ok := geo.Default().TownAt(*q.Point); ok {
			town = t.Name
		}
	}
	g, ok := search.GapOf(eng, q, res, town, directory.GapDay(time.Now(), care.DefaultZone()))
	if !ok {
		return
	}
	s.gaps.once.Do(func() {
		s.gaps.ch = make(chan directory.ServiceGap, gapQueue)
		go s.writeGaps(s.gaps.ch)
	})
	select {
	case s.gaps.ch <- g:
	default: // the writer is behind: the search does not wait
	}
}

func (s *Server) writeGaps(ch <-chan directory.ServiceGap) {
	for g := range ch {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		if err := s.store.RecordServiceGap(ctx, g); err != nil {
			s.log.Warn("service gap not recorded", "err", err)
		}
		cancel()
	}
}

// serviceGaps answers the service-gap measure: the gaps of the period's days by need
// and town. A gap holds no personal data (no person, no text as typed, no point, no time
// finer than the day); its counts are of searches, not of people or their events, and
// are not suppressed (the dictionary says so).
func (s *Server) serviceGaps(c *fiber.Ctx, cs *store.CareStore, _ *params, from, to time.Time) func() (tabular, error) {
	return func() (tabular, error) { return cs.MeasureServiceGaps(c.UserContext(), from, to) }
}
