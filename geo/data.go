package geo

import _ "embed"

// The data is embedded rather than read at run time so that the single
// binary works anywhere and tests need no fixtures. See data/SOURCES.md for
// provenance and licensing; the national files are trimmed and gzipped by
// TestGenerateData (datagen_test.go).

//go:embed data/ma_towns_massgis.geojson
var townsGeoJSON []byte

// zipsTSV joins the Census ZCTA points with the GeoNames USPS ZIP list.
//
//go:embed data/us_zips.tsv.gz
var zipsTSV []byte

//go:embed data/us_places.tsv.gz
var placesTSV []byte

//go:embed data/us_counties.tsv.gz
var countiesTSV []byte
