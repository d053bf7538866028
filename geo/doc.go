// Package geo is Handoff's offline geography: great-circle distance, the home region's
// towns (by default the 351 Massachusetts cities and towns, MassGIS boundaries; a
// deployment may load its own region's GeoJSON instead), every US ZIP code (Census ZCTA
// points, GeoNames for the ZIPs that are not ZCTAs), Census places, post-office names and
// counties, a small Geocoder over them that resolves a place anywhere in the United
// States, says which places an ambiguous name could be and suggests the closest names on
// a typo, and the point clustering behind the "repeat 911 calls from the same location"
// measure.
//
// Everything is answered from data embedded in the binary, so a field worker
// on a bad connection, or a deployment with no geocoding contract, still gets
// "services near 01040" and "which town is this call in". Geometry is done by
// github.com/paulmach/orb, edit distance by github.com/agnivade/levenshtein;
// coordinates are WGS84 longitude/latitude in orb.Point order ([lon, lat]).
package geo
