package search

import (
	"sort"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// segmentMap maps bleve's internal document numbers straight to entries, so that a search
// reads a candidate's facts with two array lookups instead of fetching its id from the
// segment and hashing it into a map — the difference between about 50 ns and about a
// microsecond per candidate, on tens of thousands of candidates a second.
//
// bleve's scorch index is a list of immutable segments; an internal id is a segment's
// offset in that list plus the document's number in the segment. Segments never change,
// so each gets its array once, when it is first seen; a merge makes a new segment, which
// gets a new array, and the arrays of merged-away segments are dropped. A document's
// array slot points at the entry that was current when the array was built, which is the
// entry of that version of the document or a newer one: never an unrelated listing.
type segmentMap struct {
	mu       sync.RWMutex
	arrays   map[segment.Segment][]slot
	building map[segment.Segment]bool
	lookup   func(key string) *entry
}

func newSegmentMap(lookup func(string) *entry) *segmentMap {
	return &segmentMap{arrays: map[segment.Segment][]slot{}, building: map[segment.Segment]bool{}, lookup: lookup}
}

// slot is a document's place in a segment array: its entry, and a copy of what the geo
// filter reads first, so that the many candidates it turns away (outside the radius)
// cost no trip to the entry's memory.
type slot struct {
	e        *entry
	lon, lat float32
	kind     uint8
	hasAreas bool
}

func slotOf(e *entry) slot {
	if e == nil {
		return slot{}
	}
	return slot{e: e, lon: float32(e.point[0]), lat: float32(e.point[1]), kind: e.kind, hasAreas: e.areas != nil}
}

// view is the map as one search sees it: the arrays of its snapshot's segments in order,
// with each segment's first internal number. A segment without an array yet (just
// merged) has nil, and its candidates take the slow path through their ids.
type view struct {
	snap    *scorch.IndexSnapshot
	offsets []uint64
	arrays  [][]slot
	segs    []*scorch.SegmentSnapshot
	last    int // the segment of the previous lookup: candidates come in id order
}

// viewOf prepares the map for a snapshot, and starts building missing arrays in the
// background.
func (m *segmentMap) viewOf(r index.IndexReader) *view {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil
	}
	segs := snap.Segments()
	v := &view{snap: snap, offsets: make([]uint64, len(segs)), arrays: make([][]slot, len(segs)), segs: segs}
	var missing []*scorch.SegmentSnapshot
	var running uint64
	m.mu.RLock()
	for i, ss := range segs {
		v.offsets[i] = running
		running += ss.Segment().Count()
		if a, ok := m.arrays[ss.Segment()]; ok {
			v.arrays[i] = a
		} else if !m.building[ss.Segment()] {
			missing = append(missing, ss)
		}
	}
	m.mu.RUnlock()
	if len(missing) > 0 {
		m.buildAsync(snap, missing)
	}
	return v
}

// slotOf returns the slot of an internal id; its entry is nil when its segment has no
// array yet.
func (v *view) slotOf(id index.IndexInternalID) *slot {
	n := id.Value()
	i := v.last
	if i >= len(v.offsets) || n < v.offsets[i] || (i+1 < len(v.offsets) && n >= v.offsets[i+1]) {
		i = sort.Search(len(v.offsets), func(i int) bool { return v.offsets[i] > n }) - 1
		if i < 0 {
			return &noSlot
		}
		v.last = i
	}
	a := v.arrays[i]
	local := n - v.offsets[i]
	if local >= uint64(len(a)) {
		return &noSlot
	}
	return &a[local]
}

var noSlot slot

// buildAsync builds arrays for segments in a goroutine that holds a reference to the
// snapshot, so that the segments stay open while they are read.
func (m *segmentMap) buildAsync(snap *scorch.IndexSnapshot, segs []*scorch.SegmentSnapshot) {
	m.mu.Lock()
	var todo []*scorch.SegmentSnapshot
	for _, ss := range segs {
		if !m.building[ss.Segment()] {
			if _, done := m.arrays[ss.Segment()]; !done {
				m.building[ss.Segment()] = true
				todo = append(todo, ss)
			}
		}
	}
	m.mu.Unlock()
	if len(todo) == 0 {
		return
	}
	snap.AddRef()
	go func() {
		defer snap.DecRef()
		m.build(todo)
	}()
}

// build builds arrays synchronously (the caller holds the snapshot open).
func (m *segmentMap) build(segs []*scorch.SegmentSnapshot) {
	for _, ss := range segs {
		seg := ss.Segment()
		n := seg.Count()
		a := make([]slot, n)
		for local := uint64(0); local < n; local++ {
			id, err := ss.DocID(local)
			if err != nil || id == nil {
				continue
			}
			a[local] = slotOf(m.lookup(string(id)))
		}
		m.mu.Lock()
		m.arrays[seg] = a
		delete(m.building, seg)
		m.mu.Unlock()
	}
}

// prune drops the arrays of segments no longer in the snapshot.
func (m *segmentMap) prune(r index.IndexReader) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return
	}
	live := map[segment.Segment]bool{}
	for _, ss := range snap.Segments() {
		live[ss.Segment()] = true
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for seg := range m.arrays {
		if !live[seg] {
			delete(m.arrays, seg)
		}
	}
}

// warm builds every missing array of the current snapshot before returning, so that the
// first searches after opening or rebuilding take the fast path.
func (m *segmentMap) warm(r index.IndexReader) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return
	}
	var todo []*scorch.SegmentSnapshot
	m.mu.Lock()
	for _, ss := range snap.Segments() {
		if _, ok := m.arrays[ss.Segment()]; !ok && !m.building[ss.Segment()] {
			m.building[ss.Segment()] = true
			todo = append(todo, ss)
		}
	}
	m.mu.Unlock()
	m.build(todo)
	m.prune(r)
}
