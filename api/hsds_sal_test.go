package api

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"handoff/geo"
	"handoff/store"
	"handoff/store/storetest"
)

// oneZIP is a geocoder that knows a single ZIP code, standing for a deployment's own.
type oneZIP struct {
	code string
	at   geo.Place
}

func (g oneZIP) Geocode(_ context.Context, q string) (geo.Place, error) {
	if q == g.code {
		return g.at, nil
	}
	return geo.Place{}, fmt.Errorf("%w: %q", geo.ErrNotFound, q)
}

// TestHSDSServiceAtLocationsPaging: /hsds/service_at_locations finds its postcode with
// the server's geocoder, and its pages, with and without a distance, are slices of one
// list in one order.
func TestHSDSServiceAtLocationsPaging(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		seeded(t, st)
		holyoke, err := geo.Default().Geocode(context.Background(), "01040")
		if err != nil {
			t.Fatal(err)
		}
		holyoke.Label = "99999"
		base := serveForTest(t, st, Options{Geocoder: oneZIP{"99999", holyoke}})

		near := mustPage(t, "service_at_location", base+"/hsds/service_at_locations?postcode=99999&proximity=3000&per_page=100")
		if near.TotalItems == 0 {
			t.Fatal("the server's geocoder was not asked: nothing within 3 km of 99999")
		}
		if status, _, body := get(t, base+"/hsds/service_at_locations?postcode=01040&proximity=3000"); status != 400 {
			t.Errorf("a ZIP the server's geocoder does not know: %d %s", status, body)
		}

		for _, list := range []string{"/hsds/service_at_locations?", "/hsds/service_at_locations?postcode=99999&proximity=3000&"} {
			all := mustPage(t, "service_at_location", base+list+"per_page=1000")
			var paged []string
			for page := 1; ; page++ {
				p := mustPage(t, "service_at_location", base+list+fmt.Sprintf("per_page=3&page=%d", page))
				if p.TotalItems != all.TotalItems {
					t.Fatalf("%s page %d: total_items %d, want %d", list, page, p.TotalItems, all.TotalItems)
				}
				if len(p.Contents) == 0 {
					break
				}
				paged = append(paged, ids(t, p)...)
			}
			if want := ids(t, all); !slices.Equal(paged, want) || len(want) != all.TotalItems || len(want) < 4 {
				t.Errorf("%s: pages of 3 give %v, the whole list %v (total %d)", list, paged, want, all.TotalItems)
			}
		}
	})
}
