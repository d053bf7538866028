package search

import (
	"sync"

	"handoff/directory"
)

// dict numbers the codes of one kind (needs, levels of care, languages) so that an entry
// holds one byte per code and a search counts facets in an array instead of a map. The
// numbering lives only in memory: it is rebuilt from the codes when an index is opened.
type dict struct {
	mu    sync.RWMutex
	index map[string]uint8
	codes []string
}

// overflowCode is where codes past the 255th go: they still filter (through the index
// terms) but share one facet bucket, which a real directory never reaches.
const overflowCode = 255

func newDict(seed ...string) *dict {
	d := &dict{index: map[string]uint8{}}
	for _, c := range seed {
		d.id(c)
	}
	return d
}

// id returns the number of a code, adding it on first sight.
func (d *dict) id(code string) uint8 {
	d.mu.RLock()
	n, ok := d.index[code]
	d.mu.RUnlock()
	if ok {
		return n
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if n, ok := d.index[code]; ok {
		return n
	}
	if len(d.codes) >= overflowCode {
		return overflowCode
	}
	n = uint8(len(d.codes))
	d.index[code] = n
	d.codes = append(d.codes, code)
	return n
}

// code returns the code of a number ("" for the overflow bucket).
func (d *dict) code(n uint8) string {
	d.mu.RLock()
	defer d.mu.RUnlock()
	if int(n) < len(d.codes) {
		return d.codes[n]
	}
	return ""
}

// snapshot returns the codes in number order, for reading many at once.
func (d *dict) snapshot() []string {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.codes[:len(d.codes):len(d.codes)]
}

// vocabCodes lists a Handoff vocabulary's codes in their meaningful order, so that facets
// of known codes come out in that order.
func vocabCodes(taxonomy string) []string {
	v, _ := directory.Vocab(taxonomy)
	out := make([]string, len(v.Terms))
	for i, t := range v.Terms {
		out[i] = t.Code
	}
	return out
}
