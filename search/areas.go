package search

import (
	"math"
	"sync"

	"github.com/paulmach/orb"

	"handoff/geo"
)

// serviceAreas is one service's service areas, shared by all of its entries.
type serviceAreas struct {
	serviceID string
	areas     []*geo.Area
	names     []string
	bound     orb.Bound
}

func (s *serviceAreas) contains(p orb.Point) bool {
	if !s.bound.Contains(p) {
		return false
	}
	for _, a := range s.areas {
		if a.Contains(p) {
			return true
		}
	}
	return false
}

// areaBucketDeg is the size of the buckets that file areas by where they are, so that
// finding the areas around a point looks at a few dozen areas, not all of them.
const areaBucketDeg = 1.0

type bucket struct{ row, col int32 }

func bucketOf(lon, lat float64) bucket {
	return bucket{int32(math.Floor(lat / areaBucketDeg)), int32(math.Floor(lon / areaBucketDeg))}
}

// areaIndex finds the services whose areas contain a point: the mobile crisis team based
// in Springfield that serves Holyoke, the statewide hotline.
type areaIndex struct {
	mu      sync.RWMutex
	bySvc   map[string]*serviceAreas
	buckets map[bucket][]*serviceAreas
}

func newAreaIndex() *areaIndex {
	return &areaIndex{bySvc: map[string]*serviceAreas{}, buckets: map[bucket][]*serviceAreas{}}
}

// newServiceAreas collects a service's parsed areas; nil when none could be read.
func (t *tables) newServiceAreas(serviceID string, extents, names []string) *serviceAreas {
	sa := &serviceAreas{serviceID: serviceID, names: names}
	for _, x := range extents {
		if a := t.internArea(x); a != nil {
			if len(sa.areas) == 0 {
				sa.bound = a.Bound
			} else {
				sa.bound = sa.bound.Union(a.Bound)
			}
			sa.areas = append(sa.areas, a)
		}
	}
	if len(sa.areas) == 0 {
		return nil
	}
	return sa
}

// set files a service's areas, replacing what was filed for it before.
func (ai *areaIndex) set(sa *serviceAreas) {
	ai.mu.Lock()
	defer ai.mu.Unlock()
	ai.removeLocked(sa.serviceID)
	ai.bySvc[sa.serviceID] = sa
	lo, hi := bucketOf(sa.bound.Min[0], sa.bound.Min[1]), bucketOf(sa.bound.Max[0], sa.bound.Max[1])
	for r := lo.row; r <= hi.row; r++ {
		for c := lo.col; c <= hi.col; c++ {
			ai.buckets[bucket{r, c}] = append(ai.buckets[bucket{r, c}], sa)
		}
	}
}

// remove forgets a service's areas.
func (ai *areaIndex) remove(serviceID string) {
	ai.mu.Lock()
	defer ai.mu.Unlock()
	ai.removeLocked(serviceID)
}

func (ai *areaIndex) removeLocked(serviceID string) {
	old, ok := ai.bySvc[serviceID]
	if !ok {
		return
	}
	delete(ai.bySvc, serviceID)
	lo, hi := bucketOf(old.bound.Min[0], old.bound.Min[1]), bucketOf(old.bound.Max[0], old.bound.Max[1])
	for r := lo.row; r <= hi.row; r++ {
		for c := lo.col; c <= hi.col; c++ {
			list := ai.buckets[bucket{r, c}]
			for i, x := range list {
				if x == old {
					list = append(list[:i:i], list[i+1:]...)
					break
				}
			}
			if len(list) == 0 {
				delete(ai.buckets, bucket{r, c})
			} else {
				ai.buckets[bucket{r, c}] = list
			}
		}
	}
}

// containing returns the services whose areas contain p.
func (ai *areaIndex) containing(p orb.Point) []*serviceAreas {
	ai.mu.RLock()
	defer ai.mu.RUnlock()
	var out []*serviceAreas
	for _, sa := range ai.buckets[bucketOf(p[0], p[1])] {
		if sa.contains(p) {
			out = append(out, sa)
		}
	}
	return out
}
