package geo

import _ "embed"

// The data is embedded rather than read at run time so that the single
// binary works anywhere and tests need no fixtures. See data/SOURCES.md for
// provenance and licensing.

//go:embed data/ma_towns_massgis.geojson
var townsGeoJSON []byte

//go:embed data/us_zcta_centroids_census_gazetteer.txt
var zctaTSV []byte
