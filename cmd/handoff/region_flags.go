package main

import (
	"errors"
	"log/slog"

	"github.com/spf13/pflag"

	"handoff/geo"
)

// regionConfig is the deployment's own region: a boundary file whose features are its
// towns (service areas, town names, which town a point is in), instead of the embedded
// Massachusetts towns. ZIP codes and place names elsewhere in the United States resolve
// either way.
type regionConfig struct {
	Boundaries   string
	NameProperty string
	HomeState    string
}

func regionFlags(fs *pflag.FlagSet, rc *regionConfig) {
	fs.StringVar(&rc.Boundaries, "boundaries", env("HANDOFF_BOUNDARIES", ""),
		"GeoJSON FeatureCollection of the region's towns (WGS84 longitude/latitude, Polygon or MultiPolygon features) to use instead of the embedded Massachusetts towns (env HANDOFF_BOUNDARIES)")
	fs.StringVar(&rc.NameProperty, "boundary-name-property", env("HANDOFF_BOUNDARY_NAME_PROPERTY", "name"),
		"with --boundaries: the feature property that names each town (env HANDOFF_BOUNDARY_NAME_PROPERTY)")
	fs.StringVar(&rc.HomeState, "home-state", env("HANDOFF_HOME_STATE", ""),
		"with --boundaries: the region's state code, whose names win for a bare place name (default: the state of most ZIP codes inside the boundaries) (env HANDOFF_HOME_STATE)")
}

// apply loads the boundaries, when given, and makes them the gazetteer every part of the
// program uses (geo.SetDefault). A bad file stops the command with the file's problem.
func (rc *regionConfig) apply(log *slog.Logger) error {
	if rc.Boundaries == "" {
		if rc.HomeState != "" {
			return errors.New("--home-state goes with --boundaries: the embedded towns are Massachusetts")
		}
		return nil
	}
	g, err := geo.LoadBoundaries(rc.Boundaries, geo.BoundaryOptions{NameProperty: rc.NameProperty, HomeState: rc.HomeState})
	if err != nil {
		return err
	}
	geo.SetDefault(g)
	if log != nil {
		log.Info("region boundaries loaded", "file", rc.Boundaries, "towns", len(g.Towns()), "home_state", g.Home())
	}
	return nil
}
