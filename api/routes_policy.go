package api

import (
	"strings"

	"handoff/access"
)

// routeRule gives one route, by method and pattern as registered, its access rule.
type routeRule struct {
	// Method is the HTTP method ("*": all of them, for mounted file servers). HEAD
	// follows GET.
	Method string
	// Path is the route pattern exactly as the router registers it ("/api/v1/services/:id").
	Path string
	access.Rule
}

// routePolicy is who may call every route. The guard looks each request up here; a
// route that is not here answers 403, and a test fails while any registered route has no
// rule. The rules themselves (who, not where) are access's; handlers narrow further by
// access's scope rules where only they know whose record it is.
var routePolicy = []routeRule{
	// Always open. The web shell must load to offer a login; probes cannot log in.
	{"GET", "/", access.Open},
	// The follow-up page is an empty shell like "/": it offers the login, and its data
	// comes from the care routes below, which are the program's only.
	{"GET", "/follow-ups", access.Open},
	{"*", "/static", access.Open},
	{"GET", "/i18n/:lang.js", access.Open},
	{"GET", "/healthz", access.Open},
	{"GET", "/readyz", access.Open},
	{"POST", "/api/v1/auth/login", access.SignIn},

	// The directory: public unless --public-directory=false.
	{"GET", "/metrics", access.ReadDirectory},
	{"GET", "/api/v1/openapi.json", access.ReadDirectory},
	{"GET", "/hsds/", access.ReadDirectory},
	{"GET", "/hsds/openapi.json", access.ReadDirectory},
	{"GET", "/hsds/services", access.SearchDirectory},
	{"GET", "/hsds/services/:id", access.ReadDirectory},
	{"GET", "/hsds/organizations", access.SearchDirectory},
	{"GET", "/hsds/organizations/:id", access.ReadDirectory},
	{"GET", "/hsds/service_at_locations", access.SearchDirectory},
	{"GET", "/hsds/service_at_locations/:id", access.ReadDirectory},
	{"GET", "/hsds/taxonomies", access.ReadDirectory},
	{"GET", "/hsds/taxonomies/:id", access.ReadDirectory},
	{"GET", "/hsds/taxonomy_terms", access.SearchDirectory},
	{"GET", "/hsds/taxonomy_terms/:id", access.ReadDirectory},
	{"GET", "/api/v1/search", access.SearchDirectory},
	// Matching reads the directory with a situation in the body (needs, risk, age); it
	// names no one and stores nothing, so it is open like search.
	{"POST", "/api/v1/match", access.SearchDirectory},
	{"GET", "/api/v1/services", access.SearchDirectory},
	{"GET", "/api/v1/services/:id", access.ReadDirectory},
	{"GET", "/api/v1/organizations/:id", access.ReadDirectory},
	{"GET", "/api/v1/locations/:id", access.ReadDirectory},

	// Directory writes: admins, and agency staff on their own organization's listings.
	// Organizations are created and deleted by admins: agency staff belong to one.
	{"POST", "/api/v1/services", access.WriteListings},
	{"PUT", "/api/v1/services/:id", access.WriteListings},
	{"PATCH", "/api/v1/services/:id", access.WriteListings},
	{"DELETE", "/api/v1/services/:id", access.WriteListings},
	// A service's no-login update links: whoever may change the listing (the handler
	// narrows agency staff to their own organization's services by MayManageUpdateLinks).
	{"GET", "/api/v1/services/:id/update-links", access.ManageUpdateLinks},
	{"POST", "/api/v1/services/:id/update-links", access.ManageUpdateLinks},
	{"POST", "/api/v1/services/:id/update-links/:lid/rotate", access.ManageUpdateLinks},
	{"DELETE", "/api/v1/services/:id/update-links/:lid", access.ManageUpdateLinks},
	// What a peer heard when they called a service ("two beds left"): the program's,
	// stored beside the agency's own figures and never over them.
	{"POST", "/api/v1/services/:id/capacity-observations", access.ObserveCapacity},
	{"POST", "/api/v1/organizations", access.AdminOnly},
	{"PUT", "/api/v1/organizations/:id", access.WriteListings},
	{"PATCH", "/api/v1/organizations/:id", access.WriteListings},
	{"DELETE", "/api/v1/organizations/:id", access.AdminOnly},
	{"POST", "/api/v1/locations", access.WriteListings},
	{"PUT", "/api/v1/locations/:id", access.WriteListings},
	{"PATCH", "/api/v1/locations/:id", access.WriteListings},
	{"DELETE", "/api/v1/locations/:id", access.WriteListings},

	// One's own account.
	{"POST", "/api/v1/auth/logout", access.OwnAccount},
	{"GET", "/api/v1/me", access.OwnAccount},
	{"PUT", "/api/v1/me/password", access.OwnAccount},
	{"GET", "/api/v1/me/tokens", access.OwnAccount},
	{"POST", "/api/v1/me/tokens", access.OwnAccount},
	{"DELETE", "/api/v1/me/tokens/:id", access.OwnAccount},

	// Accounts: admins manage them; coordinators and agency staff may look colleagues up
	// (agency staff only in their own organization: others' accounts answer 404).
	{"GET", "/api/v1/users", access.ReadUsers},
	{"POST", "/api/v1/users", access.AdminOnly},
	{"GET", "/api/v1/users/:id", access.ReadUsers},
	{"PATCH", "/api/v1/users/:id", access.AdminOnly},
	// The program's own colleagues (id, name, role of the active peers and clinicians), to
	// name a consent's witness or a follow-up's assignee. Admins and agency staff have
	// /users for accounts, and neither witnesses nor is handed casework.
	{"GET", "/api/v1/colleagues", access.CareWork},

	// The audit log: read by admins only; there is no route that changes it.
	{"GET", "/api/v1/audit", access.AdminOnly},
	// People and their care: the program only. Admins run the service, not the casework.
	{"POST", "/api/v1/people", access.CareWork},
	{"GET", "/api/v1/people", access.CareWork},
	{"GET", "/api/v1/people/:id", access.CareWork},
	{"PATCH", "/api/v1/people/:id", access.CareWork},
	{"POST", "/api/v1/people/:id/merge", access.CareWork},
	{"POST", "/api/v1/people/:id/consents", access.CareWork},
	{"POST", "/api/v1/people/:id/consents/:cid/revoke", access.CareWork},
	{"GET", "/api/v1/people/:id/disclosures", access.CareWork},
	{"POST", "/api/v1/encounters", access.CareWork},
	{"GET", "/api/v1/encounters", access.CareWork},
	{"POST", "/api/v1/referrals", access.CareWork},
	// The program's referral list: peers and clinicians their own or one person's,
	// coordinators anyone's (the handler narrows by access's OwnReferrals).
	{"GET", "/api/v1/referrals", access.CareWork},
	{"GET", "/api/v1/referrals/:id", access.AnswerReferral},
	{"POST", "/api/v1/referrals/:id/transitions", access.AnswerReferral},
	// A referral's agency link: the program may ask, the handler narrows by
	// MayReissueAgencyLink (the maker only) and MayRevokeAgencyLink (the maker, a
	// coordinator or an admin: cutting off a leaked link reveals nothing).
	{"POST", "/api/v1/referrals/:id/agency-link", access.CareWork},
	{"DELETE", "/api/v1/referrals/:id/agency-link", access.RevokeAgencyLink},
	{"GET", "/api/v1/agency/referrals", access.AgencyInbox},
	{"GET", "/api/v1/follow-ups", access.CareWork},
	{"POST", "/api/v1/follow-ups", access.CareWork},
	{"PATCH", "/api/v1/follow-ups/:id", access.CareWork},
	{"POST", "/api/v1/follow-ups/:id/attempts", access.CareWork},
	{"POST", "/api/v1/shifts/start", access.CareWork},
	{"POST", "/api/v1/shifts/end", access.CareWork},
	{"GET", "/api/v1/shifts", access.CareWork},
	{"POST", "/api/v1/resource-lists", access.CareWork},
	// The no-login pages: the unguessable token in the path is the credential (an agency
	// link opens one referral; a resource list carries no personal data).
	{"GET", "/r/:token", access.Open},
	{"POST", "/r/:token", access.Open},
	{"GET", "/l/:token", access.Open},
	// A service's update link opens that one service's beds; each update is rate-limited
	// per link and audited with the link as who acted.
	{"GET", "/u/:token", access.Open},
	{"POST", "/u/:token", access.Open},
	// Measures: de-identified, for coordinators and admins.
	{"GET", "/api/v1/measures/repeat-locations", access.ReadMeasures},
	{"GET", "/api/v1/measures/interactions-per-shift", access.ReadMeasures},
	{"GET", "/api/v1/measures/diversions", access.ReadMeasures},
	{"GET", "/api/v1/measures/referrals", access.ReadMeasures},
	// The metric dictionary, as JSON and as a printable page: for whoever reads the measures.
	{"GET", "/api/v1/measures/definitions", access.ReadMeasures},
	{"GET", "/dashboard/definitions", access.ReadMeasures},
	// Checks of listings: agency staff confirm their own (the handler narrows by
	// MayCheckListing and MayReadChecks), coordinators and admins check any and work the
	// freshness queue. The queue's page is an empty shell like "/".
	{"POST", "/api/v1/services/:id/verifications", access.CheckListing},
	{"GET", "/api/v1/services/:id/verifications", access.CheckListing},
	{"GET", "/api/v1/freshness-queue", access.ReadFreshnessQueue},
	{"GET", "/freshness", access.Open},
	// The agency portal: an empty shell like "/"; its listings are agency staff's own
	// organization's (the handler takes the organization from the session). A figure's
	// count, maximum and status are changed like the listing itself: admins, and agency
	// staff on their own organization's (mayWriteListing).
	{"GET", "/agency", access.Open},
	{"GET", "/api/v1/agency/listings", access.AgencyListings},
	{"PATCH", "/api/v1/services/:id/capacities/:cid", access.WriteListings},
	// The agency's edit page: an empty shell like "/"; it loads and saves through the
	// directory routes above. Its preview reads schedule rows back in words and checks
	// them, for whoever may change listings; it names no record and stores nothing.
	{"GET", "/agency/edit", access.Open},
	{"POST", "/api/v1/schedules/describe", access.PreviewHours},
	// The change history of listings: their agency, coordinators and admins (the handler
	// narrows agency staff by MayReadHistory). The page is an empty shell like "/".
	{"GET", "/api/v1/services/:id/history", access.ReadHistory},
	{"GET", "/api/v1/locations/:id/history", access.ReadHistory},
	{"GET", "/api/v1/organizations/:id/history", access.ReadHistory},
	{"GET", "/agency/history", access.Open},
	// Report a problem: public like the directory, limited per client address, storing
	// nothing about the reporter. Suggested edits: the program. Review: the listing's
	// agency (MayReviewSuggestions) and admins. The pages are empty shells.
	{"POST", "/api/v1/services/:id/reports", access.ReportProblem},
	{"POST", "/api/v1/services/:id/suggestions", access.SuggestEdit},
	{"GET", "/api/v1/suggestions", access.ReviewSuggestions},
	{"POST", "/api/v1/suggestions/:id/approve", access.ReviewSuggestions},
	{"POST", "/api/v1/suggestions/:id/reject", access.ReviewSuggestions},
	{"GET", "/report", access.Open},
	{"GET", "/agency/suggestions", access.Open},
	// The admin page: an empty shell like "/"; its data comes from admin-only routes.
	// Admins see every account's API tokens (never the secrets) and may revoke any, make
	// an account's one-time password reset link, and read the import history.
	{"GET", "/admin", access.Open},
	{"GET", "/api/v1/tokens", access.AdminOnly},
	{"DELETE", "/api/v1/tokens/:id", access.AdminOnly},
	{"POST", "/api/v1/users/:id/password-reset", access.AdminOnly},
	{"GET", "/api/v1/imports", access.AdminOnly},
	// Erasure of a person's record on request (issue 18): admins, with a confirmation.
	{"POST", "/api/v1/people/:id/erase", access.AdminOnly},
	// A password reset link: the unguessable token in the path is the credential; posts
	// are limited per link and per address, and audited.
	{"GET", "/p/:token", access.Open},
	{"POST", "/p/:token", access.Open},
	// The coordinators' dashboard (issue 15): empty shells like "/", and the towns under
	// its map (public geography); its data comes from the measure routes below.
	{"GET", "/dashboard", access.Open},
	{"GET", "/dashboard/report", access.Open},
	{"GET", "/dashboard/towns.geojson", access.Open},
	{"GET", "/api/v1/measures/follow-ups", access.ReadMeasures},
	{"GET", "/api/v1/measures/referral-funnel", access.ReadMeasures},
	// Searches that found nothing, or nothing open, by need and town (no personal data).
	{"GET", "/api/v1/measures/service-gaps", access.ReadMeasures},
	{"GET", "/api/v1/measures/repeat-locations/:place", access.ReadMeasures},
	// A repeat place's follow-ups still to do, to hand them out: coordinators only.
	{"GET", "/api/v1/measures/repeat-locations/:place/follow-ups", access.AssignPlaceFollowUps},
	// The FHIR R4 export of referrals (issue 16): what the server supports names no one,
	// so anyone may read it; a referral's Task, ServiceRequest and Bundle are read as the
	// JSON API's GET /api/v1/referrals/:id (the handler narrows agency staff to their own
	// organization's sent referrals and consent).
	{"GET", "/fhir/metadata", access.Open},
	{"GET", "/fhir/Task/:id", access.AnswerReferral},
	{"GET", "/fhir/ServiceRequest/:id", access.AnswerReferral},
	{"GET", "/fhir/Bundle/:id", access.AnswerReferral},
	// The outbox (issue 16): an organization's notice addresses are its own staff's and
	// the admins' (MayManageNotices); deliveries, the dead-letter list and webhook
	// receivers are the admins'; one's own in-app notices one's own.
	{"GET", "/api/v1/organizations/:id/notice-addresses", access.ManageNotices},
	{"PUT", "/api/v1/organizations/:id/notice-addresses", access.ManageNotices},
	{"GET", "/api/v1/outbox", access.ManageOutbox},
	{"GET", "/api/v1/outbox/:id", access.ManageOutbox},
	{"POST", "/api/v1/outbox/:id/replay", access.ManageOutbox},
	{"GET", "/api/v1/webhooks", access.ManageOutbox},
	{"POST", "/api/v1/webhooks", access.ManageOutbox},
	{"PATCH", "/api/v1/webhooks/:id", access.ManageOutbox},
	{"DELETE", "/api/v1/webhooks/:id", access.ManageOutbox},
	{"GET", "/api/v1/me/notices", access.OwnAccount},
	{"POST", "/api/v1/me/notices/:id/read", access.OwnAccount},
	// The installable app (issue 17): the manifest and the service worker are open like
	// the pages (they hold no data). The offline snapshot of the directory (no people)
	// and the offline queue's key are the program's, who work with the phone offline.
	{"GET", "/manifest.webmanifest", access.Open},
	{"GET", "/sw.js", access.Open},
	{"GET", "/api/v1/offline/snapshot", access.CareWork},
	{"GET", "/api/v1/offline/key", access.CareWork},
}

var routeRules = func() map[string]routeRule {
	m := make(map[string]routeRule, len(routePolicy))
	for _, r := range routePolicy {
		k := r.Method + " " + r.Path
		if _, dup := m[k]; dup {
			panic("api: two access rules for " + k)
		}
		m[k] = r
	}
	return m
}()

// lookupRoute finds the rule of a route by method and registered pattern. A route
// without a rule is denied: new routes are closed until someone decides who may call them.
func lookupRoute(method, path string) (routeRule, bool) {
	method = strings.ToUpper(method)
	if method == "HEAD" {
		method = "GET"
	}
	if r, ok := routeRules[method+" "+path]; ok {
		return r, true
	}
	r, ok := routeRules["* "+path]
	return r, ok
}
