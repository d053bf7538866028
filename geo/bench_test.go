package geo

import (
	"context"
	"testing"
)

// BenchmarkLoad is the one-time cost of parsing the embedded data (Default's first call).
func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		n, err := newNational(zipsTSV, placesTSV, countiesTSV)
		if err != nil {
			b.Fatal(err)
		}
		towns, err := parseTowns(townsGeoJSON, "town")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := newGazetteer(towns, n, "MA"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGeocode is the lookup of near= for each kind of answer.
func BenchmarkGeocode(b *testing.B) {
	g := Default()
	for _, q := range []string{"01040", "Holyoke", "Hialeah", "Springfield, IL", "Pensacola FL", "Portland", "Holyok", "Hialea"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				g.Geocode(context.Background(), q)
			}
		})
	}
}
