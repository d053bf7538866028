package api_test

// The route-access matrix's cases for the installable app and offline work (issue 17):
// the manifest and the service worker are open like the pages; the directory snapshot
// and the offline queue's key are the program's (peers, clinicians, coordinators), and
// the wrong role is refused (agency staff of any organization, admins).
func offlineRouteCases() map[string]routeCase {
	get := func(path string) func(*accFixture, string) accReq {
		return func(f *accFixture, who string) accReq { return accReq{method: "GET", path: path, who: who} }
	}
	everyone := func(status int) map[string]int {
		m := signedIn(status)
		m["anon"] = status
		return m
	}
	return map[string]routeCase{
		"GET /manifest.webmanifest":    {req: get("/manifest.webmanifest"), want: everyone(200)},
		"GET /sw.js":                   {req: get("/sw.js"), want: everyone(200)},
		"GET /api/v1/offline/snapshot": {req: get("/api/v1/offline/snapshot"), want: programOK(200), def: 403},
		"GET /api/v1/offline/key":      {req: get("/api/v1/offline/key"), want: programOK(200), def: 403},
	}
}
