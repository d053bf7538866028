package api

import (
	"bytes"
	"encoding/json"
	"sync"

	"github.com/gofiber/fiber/v2"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/simplify"

	"handoff/geo"
)

// The dashboard map's base layer: the towns of the embedded gazetteer (MassGIS
// boundaries, geo/data) as GeoJSON, simplified to about 50 m and 4 decimals — a map of
// a region, not a survey — so that the page loads a small file and asks no tile server.

// townsTolerance is the simplification's tolerance in degrees (about 50 m).
const townsTolerance = 0.0005

var townsOnce struct {
	sync.Once
	body []byte
	err  error
}

// dashboardTowns answers the simplified town boundaries, made once per process.
func (s *Server) dashboardTowns(c *fiber.Ctx) error {
	townsOnce.Do(func() {
		var b bytes.Buffer
		b.WriteString(`{"type":"FeatureCollection","features":[`)
		dp := simplify.DouglasPeucker(townsTolerance)
		for i, t := range geo.Default().Towns() {
			mp := orb.Round(dp.MultiPolygon(t.Geometry.Clone()), 1e4).(orb.MultiPolygon)
			props, err := json.Marshal(map[string]string{"name": t.Name, "county": t.County})
			if err != nil {
				townsOnce.err = err
				return
			}
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(`{"type":"Feature","properties":`)
			b.Write(props)
			b.WriteString(`,"geometry":`)
			b.WriteString(geo.Town{Geometry: mp}.GeoJSON())
			b.WriteString(`}`)
		}
		b.WriteString(`]}`)
		townsOnce.body = b.Bytes()
	})
	if townsOnce.err != nil {
		return townsOnce.err
	}
	c.Set(fiber.HeaderContentType, "application/geo+json")
	c.Set(fiber.HeaderCacheControl, "public, max-age=86400")
	return c.Send(townsOnce.body)
}
