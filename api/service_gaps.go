package api

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"handoff/care"
	"handoff/care/measures"
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
// and town. A gap holds no personal data; its counts are of searches, not of people,
// and are not suppressed.
func (s *Server) serviceGaps(c *fiber.Ctx, cs *store.CareStore, _ *params, from, to time.Time) func() (tabular, error) {
	return func() (tabular, error) {
		zone := cs.Zone()
		fromDay, toDay := directory.GapDay(from, zone), directory.GapDay(to.Add(-time.Nanosecond), zone)
		gaps, err := s.store.ServiceGaps(c.UserContext(), fromDay, toDay)
		if err != nil {
			return nil, err
		}
		return gapTables{directory.GapsReport(fromDay, toDay, gaps)}, nil
	}
}

// gapTables is the gap report with its CSV table.
type gapTables struct{ directory.GapReport }

// Tables is one row per need and town, with its filters and words as "word:count".
func (g gapTables) Tables(measures.Cells) []measures.Table {
	rows := [][]string{{"need", "town", "searches", "nothing_found", "nothing_open", "filters", "words"}}
	counts := func(ws []directory.WordCount) string {
		parts := make([]string, len(ws))
		for i, w := range ws {
			parts[i] = w.Word + ":" + strconv.Itoa(w.Count)
		}
		return strings.Join(parts, " ")
	}
	for _, gr := range g.Groups {
		rows = append(rows, []string{gr.Need, gr.Town, strconv.Itoa(gr.Searches), strconv.Itoa(gr.NothingFound),
			strconv.Itoa(gr.NothingOpen), counts(gr.Filters), counts(gr.Words)})
	}
	return []measures.Table{{Name: "service_gaps", Rows: rows}}
}
