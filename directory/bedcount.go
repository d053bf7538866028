package directory

import (
	"fmt"
	"math"
	"time"
)

// The changes an update link (a no-login page for night staff) makes to a service's
// capacity: one figure's count set, or every figure confirmed as it stands. The rules
// of capacity.go still hold: the server dates the figures, the count stays within its
// maximum, and the status follows the count.

// SetAvailable sets the count of the service's capacity figure capID to available,
// dated now and credited to the update link (CapacitySourceLink), and makes the status agree (SettleCapacityStatus). A count that is not a
// whole number, below zero, above the figure's maximum (or 100,000 without one), or a
// figure the service does not have, is refused with the field named and the service left
// as it was.
func SetAvailable(s *Service, capID string, available float64, now time.Time) error {
	i := capacityIndex(s, capID)
	if i < 0 {
		return FieldErrors{{Field: "capacity", Message: "is not one of this service's figures"}}
	}
	c := &s.Capacities[i]
	field := fmt.Sprintf("capacities[%d].available", i)
	switch {
	case math.IsNaN(available) || math.IsInf(available, 0) || available != math.Trunc(available):
		return FieldErrors{{Field: field, Message: "must be a whole number"}}
	case available < 0:
		return FieldErrors{{Field: field, Message: "cannot be below zero"}}
	case available > maxObservedCount:
		// The same bound as a peer's phone report: a figure without a maximum is not
		// a licence to say a billion beds are free.
		return FieldErrors{{Field: field, Message: "is too large"}}
	case c.Maximum != nil && available > *c.Maximum:
		return FieldErrors{{Field: field, Message: fmt.Sprintf("cannot be more than the maximum, %s", FormatCount(*c.Maximum))}}
	}
	old := append([]Capacity(nil), s.Capacities...)
	v := available
	c.Available = &v
	StampCapacitiesFrom(s.Capacities, old, now, CapacitySourceLink)
	SettleCapacityStatus(s)
	return nil
}

// ConfirmCapacities records that the service's figures, unchanged, are still correct
// at now through the update link: each figure is dated now and credited to the link
// (CapacitySourceLink), since its age is now the link's word. Re-dating an unchanged
// count is exactly what "still correct" says of beds: the count is as old as the last
// time someone looked.
func ConfirmCapacities(s *Service, now time.Time) {
	stamp := now.UTC().Format(time.RFC3339)
	for i := range s.Capacities {
		s.Capacities[i].Updated, s.Capacities[i].Source = stamp, CapacitySourceLink
	}
	SettleCapacityStatus(s)
}

// FormatCount writes a count for people: "3", "2.5".
func FormatCount(v float64) string {
	return fmt.Sprintf("%g", v)
}

func capacityIndex(s *Service, id string) int {
	for i := range s.Capacities {
		if id != "" && s.Capacities[i].ID == id {
			return i
		}
	}
	return -1
}
