// Package geo is Handoff's offline geography: great-circle distance, the 351
// Massachusetts cities and towns (MassGIS boundaries), Census ZCTA points for
// ZIP codes, a small Geocoder, and the point clustering behind the "repeat
// 911 calls from the same location" measure.
//
// Everything is answered from data embedded in the binary, so a field worker
// on a bad connection, or a deployment with no geocoding contract, still gets
// "services near 01040" and "which town is this call in". Geometry is done by
// github.com/paulmach/orb; coordinates are WGS84 longitude/latitude in
// orb.Point order ([lon, lat]).
package geo
