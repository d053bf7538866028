package api

import (
	"bytes"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"handoff/geo"
	"handoff/search"
)

// Search results are written by hand rather than with encoding/json: each item's service
// and location come pre-rendered from the index, and encoding/json would re-scan those
// bytes to validate them. On a page of 20 results that scan cost more than the search.

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func getBuffer() *bytes.Buffer { return bufPool.Get().(*bytes.Buffer) }

func putBuffer(b *bytes.Buffer) {
	if b.Cap() <= 1<<20 {
		b.Reset()
		bufPool.Put(b)
	}
}

// writeSearchResult writes {"total","page","per_page","items","facets","query"}.
func writeSearchResult(b *bytes.Buffer, res *search.Result, where *geo.Place) {
	b.WriteString(`{"total":`)
	b.WriteString(strconv.Itoa(res.Total))
	b.WriteString(`,"page":`)
	b.WriteString(strconv.Itoa(res.Page))
	b.WriteString(`,"per_page":`)
	b.WriteString(strconv.Itoa(res.PerPage))
	b.WriteString(`,"items":`)
	writeItems(b, res.Hits, "")
	b.WriteString(`,"facets":`)
	writeFacets(b, res.Facets)
	b.WriteString(`,"query":`)
	writeQueryInfo(b, res, where)
	b.WriteByte('}')
}

func writeItems(b *bytes.Buffer, hits []search.Hit, rule string) {
	b.WriteByte('[')
	for i := range hits {
		if i > 0 {
			b.WriteByte(',')
		}
		writeItem(b, &hits[i], rule)
	}
	b.WriteByte(']')
}

// writeItem writes one result. The stored view is the object {"service":…,"location":…};
// its members are spliced in and the result's own members follow.
func writeItem(b *bytes.Buffer, h *search.Hit, rule string) {
	v := bytes.TrimSpace(h.View)
	if len(v) >= 2 && v[0] == '{' && v[len(v)-1] == '}' {
		b.Write(v[:len(v)-1])
		b.WriteByte(',')
	} else {
		b.WriteString(`{"service":null,"location":null,`)
	}
	b.WriteString(`"distance_km":`)
	if h.DistanceKm != nil {
		b.WriteString(strconv.FormatFloat(*h.DistanceKm, 'f', -1, 64))
	} else {
		b.WriteString("null")
	}
	b.WriteString(`,"serves_area":`)
	b.WriteString(strconv.FormatBool(h.ServesArea))
	b.WriteString(`,"score":`)
	b.WriteString(strconv.FormatFloat(h.Score, 'f', -1, 64))
	b.WriteString(`,"open_now":`)
	if h.Open.Known {
		b.WriteString(strconv.FormatBool(h.Open.Open))
	} else {
		b.WriteString("null")
	}
	b.WriteString(`,"open_until":`)
	writeTime(b, h.Open.Until)
	b.WriteString(`,"next_open":`)
	writeTime(b, h.Open.Next)
	b.WriteString(`,"capacity":`)
	if c := h.Capacity; c != nil {
		b.WriteString(`{"status":`)
		writeString(b, c.Status)
		if c.Available != nil {
			b.WriteString(`,"available":`)
			b.WriteString(strconv.FormatFloat(*c.Available, 'f', -1, 64))
		}
		if c.Maximum != nil {
			b.WriteString(`,"maximum":`)
			b.WriteString(strconv.FormatFloat(*c.Maximum, 'f', -1, 64))
		}
		if c.Unit != "" {
			b.WriteString(`,"unit":`)
			writeString(b, c.Unit)
		}
		b.WriteString(`,"updated":`)
		if c.Updated != nil {
			writeTime(b, *c.Updated)
		} else {
			b.WriteString("null")
		}
		// Past its time-to-live the count is unknown: status is "" and expired true, and
		// the count and its time stay for "unknown — 3 beds 2 days ago".
		b.WriteString(`,"expired":`)
		b.WriteString(strconv.FormatBool(c.Expired))
		if c.Expires != nil {
			b.WriteString(`,"expires":`)
			writeTime(b, *c.Expires)
		}
		if c.Source != "" {
			b.WriteString(`,"source":`)
			writeString(b, c.Source)
		}
		b.WriteByte('}')
	} else {
		b.WriteString("null")
	}
	b.WriteString(`,"capacity_observation":`)
	writeObservation(b, h.Observation)
	if rule != "" {
		b.WriteString(`,"rule":`)
		writeString(b, rule)
	}
	b.WriteString(`,"why":`)
	writeStrings(b, h.Why)
	b.WriteByte('}')
}

func writeFacets(b *bytes.Buffer, f search.Facets) {
	b.WriteString(`{"need":`)
	writeCounts(b, f.Needs)
	b.WriteString(`,"level_of_care":`)
	writeCounts(b, f.LevelsOfCare)
	b.WriteString(`,"language":`)
	writeCounts(b, f.Languages)
	b.WriteByte('}')
}

func writeCounts(b *bytes.Buffer, cs []search.FacetCount) {
	b.WriteByte('[')
	for i, c := range cs {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"code":`)
		writeString(b, c.Code)
		b.WriteString(`,"count":`)
		b.WriteString(strconv.Itoa(c.Count))
		b.WriteByte('}')
	}
	b.WriteByte(']')
}

// writeQueryInfo says how the query was read: the place near= resolved to, the words
// and what they were widened to, and whether the search was relaxed.
func writeQueryInfo(b *bytes.Buffer, res *search.Result, where *geo.Place) {
	b.WriteString(`{"relaxed":`)
	b.WriteString(strconv.FormatBool(res.Relaxed))
	b.WriteString(`,"words":[`)
	for i, g := range res.Plan {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"typed":`)
		writeString(b, g.Typed)
		b.WriteString(`,"also":`)
		writeStrings(b, g.Also)
		b.WriteByte('}')
	}
	b.WriteByte(']')
	if where != nil {
		b.WriteString(`,"near":{"label":`)
		writeString(b, where.Label)
		b.WriteString(`,"kind":`)
		writeString(b, where.Kind)
		b.WriteString(`,"town":`)
		writeString(b, where.Town)
		b.WriteString(`,"state":`)
		writeString(b, where.State)
		b.WriteString(`,"lat":`)
		b.WriteString(strconv.FormatFloat(where.Point[1], 'f', 6, 64))
		b.WriteString(`,"lon":`)
		b.WriteString(strconv.FormatFloat(where.Point[0], 'f', 6, 64))
		b.WriteByte('}')
	}
	b.WriteByte('}')
}

func writeTime(b *bytes.Buffer, t time.Time) {
	if t.IsZero() {
		b.WriteString("null")
		return
	}
	b.WriteByte('"')
	b.Write(t.AppendFormat(b.AvailableBuffer(), time.RFC3339))
	b.WriteByte('"')
}

func writeStrings(b *bytes.Buffer, ss []string) {
	b.WriteByte('[')
	for i, s := range ss {
		if i > 0 {
			b.WriteByte(',')
		}
		writeString(b, s)
	}
	b.WriteByte(']')
}

const hexDigits = "0123456789abcdef"

// writeString writes a JSON string, escaping as encoding/json does (including <, > and &,
// so that a result pasted into HTML stays inert).
func writeString(b *bytes.Buffer, s string) {
	b.WriteByte('"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b.WriteString(s[start:i])
			switch c {
			case '"', '\\':
				b.WriteByte('\\')
				b.WriteByte(c)
			case '\n':
				b.WriteString(`\n`)
			case '\r':
				b.WriteString(`\r`)
			case '\t':
				b.WriteString(`\t`)
			default:
				b.WriteString(`\u00`)
				b.WriteByte(hexDigits[c>>4])
				b.WriteByte(hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			b.WriteString(s[start:i])
			if r == utf8.RuneError {
				b.WriteString(`\ufffd`)
			} else {
				b.WriteString(`\u202`)
				b.WriteByte(hexDigits[r&0xf])
			}
			i += size
			start = i
			continue
		}
		i += size
	}
	b.WriteString(s[start:])
	b.WriteByte('"')
}

// writeObservation writes what a peer heard by phone, or null: never merged into
// "capacity", which is the agency's own.
func writeObservation(b *bytes.Buffer, o *search.Observation) {
	if o == nil {
		b.WriteString("null")
		return
	}
	b.WriteString(`{"source":"phone","available":`)
	b.WriteString(strconv.FormatFloat(o.Available, 'f', -1, 64))
	if o.Maximum != nil {
		b.WriteString(`,"maximum":`)
		b.WriteString(strconv.FormatFloat(*o.Maximum, 'f', -1, 64))
	}
	if o.Unit != "" {
		b.WriteString(`,"unit":`)
		writeString(b, o.Unit)
	}
	b.WriteString(`,"observer":`)
	if o.By != "" {
		writeString(b, o.By)
	} else {
		b.WriteString("null")
	}
	b.WriteString(`,"observed_at":`)
	writeTime(b, o.At)
	b.WriteString(`,"expires":`)
	writeTime(b, o.Expires)
	b.WriteByte('}')
}
