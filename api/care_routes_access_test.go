package api_test

import (
	"context"
	"net/url"
	"time"

	"handoff/care"
)

// The route-access matrix's cases for the care and measure routes: the program (peers,
// clinicians, coordinators) works with people; agencies answer their own organization's
// referrals; coordinators and admins read measures; the link pages are public.

var (
	programOK = func(ok int) map[string]int {
		return map[string]int{"peer": ok, "clinician": ok, "coordinator": ok}
	}
	measureOK = map[string]int{"coordinator": 200, "admin": 200}
)

func (f *accFixture) storePerson() string {
	f.t.Helper()
	p := care.Person{DisplayName: "M. X."}
	if err := f.careStore().CreatePerson(context.Background(), &p); err != nil {
		f.t.Fatal(err)
	}
	return p.ID
}

// storeReferral makes a live referral to organization A's service, with consent.
func (f *accFixture) storeReferral() care.Referral {
	f.t.Helper()
	ctx := context.Background()
	cs := f.careStore()
	person := f.storePerson()
	now := time.Now()
	k := care.Consent{PersonID: person, Discloser: "program", OrganizationIDs: []string{f.orgA}, Information: "name",
		Purpose: "referral", GivenAt: now.Add(-time.Minute), ExpiresAt: now.Add(24 * time.Hour), Method: care.MethodWritten}
	if err := cs.CreateConsent(ctx, &k); err != nil {
		f.t.Fatal(err)
	}
	r := care.Referral{PersonID: person, ServiceID: f.svcA, Need: "food", Mode: care.ModeLive}
	care.NormalizeReferral(&r)
	care.Start(&r, f.users["peer"].ID, now)
	if err := cs.CreateReferral(ctx, &r); err != nil {
		f.t.Fatal(err)
	}
	return r
}

func careRouteCases() map[string]routeCase {
	ctx := context.Background()
	req := func(method string, path func(f *accFixture) string, body func(f *accFixture) any) func(*accFixture, string) accReq {
		return func(f *accFixture, who string) accReq {
			r := accReq{method: method, path: path(f), who: who}
			if body != nil {
				r.body = body(f)
			}
			return r
		}
	}
	static := func(p string) func(*accFixture) string { return func(*accFixture) string { return p } }
	everyone := func(status int) map[string]int {
		m := signedIn(status)
		m["anon"] = status
		return m
	}
	referralReaders := func(ok int) map[string]int {
		m := programOK(ok)
		m["agency"], m["agency_other"] = ok, 404
		return m
	}
	return map[string]routeCase{
		"POST /api/v1/people": {req: req("POST", static("/api/v1/people"), func(*accFixture) any {
			return map[string]any{"display_name": "Q. R."}
		}), want: programOK(201), def: 403},
		"GET /api/v1/people": {req: req("GET", static("/api/v1/people?q=x"), nil), want: programOK(200), def: 403},
		"GET /api/v1/people/:id": {req: req("GET", func(f *accFixture) string { return "/api/v1/people/" + f.storePerson() }, nil),
			want: programOK(200), def: 403},
		"PATCH /api/v1/people/:id": {req: req("PATCH", func(f *accFixture) string { return "/api/v1/people/" + f.storePerson() },
			func(*accFixture) any { return map[string]any{"phone": "413-555-0100", "preferred_language": nil} }),
			want: programOK(200), def: 403},
		"POST /api/v1/people/:id/merge": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "POST", path: "/api/v1/people/" + f.storePerson() + "/merge", who: who,
				body: map[string]any{"duplicate_id": f.storePerson()}}
		}, want: programOK(200), def: 403},
		"POST /api/v1/people/:id/consents": {req: req("POST", func(f *accFixture) string { return "/api/v1/people/" + f.storePerson() + "/consents" },
			func(f *accFixture) any {
				return map[string]any{"discloser": "program", "organization_ids": []string{f.orgA}, "information": "name",
					"purpose": "referral", "expires_at": time.Now().Add(time.Hour).Format(time.RFC3339), "method": "written"}
			}), want: programOK(201), def: 403},
		"POST /api/v1/people/:id/consents/:cid/revoke": {req: func(f *accFixture, who string) accReq {
			r := f.storeReferral()
			return accReq{method: "POST", path: "/api/v1/people/" + r.PersonID + "/consents/" + r.ConsentID + "/revoke", who: who}
		}, want: programOK(200), def: 403},
		"GET /api/v1/people/:id/disclosures": {req: req("GET", func(f *accFixture) string {
			return "/api/v1/people/" + f.storeReferral().PersonID + "/disclosures"
		}, nil), want: programOK(200), def: 403},
		"POST /api/v1/encounters": {req: req("POST", static("/api/v1/encounters"), func(*accFixture) any {
			return map[string]any{"occurred_at": time.Now().Format(time.RFC3339), "source": "walk_in", "town": "Holyoke", "disposition": "other"}
		}), want: programOK(201), def: 403},
		"GET /api/v1/encounters": {req: req("GET", static("/api/v1/encounters?town=Holyoke"), nil), want: programOK(200), def: 403},
		"POST /api/v1/referrals": {req: req("POST", static("/api/v1/referrals"), func(f *accFixture) any {
			return referralBody(f.storePerson(), f.svcA, "logged")
		}), want: programOK(201), def: 403},
		"GET /api/v1/referrals": {req: req("GET", static("/api/v1/referrals?created_by=me&status=requested"), nil), want: programOK(200), def: 403},
		"GET /api/v1/referrals/:id": {req: req("GET", func(f *accFixture) string { return "/api/v1/referrals/" + f.storeReferral().ID }, nil),
			want: referralReaders(200), def: 403},
		"POST /api/v1/referrals/:id/transitions": {req: req("POST", func(f *accFixture) string {
			return "/api/v1/referrals/" + f.storeReferral().ID + "/transitions"
		}, func(*accFixture) any { return map[string]any{"to": "accepted"} }), want: referralReaders(200), def: 403},
		"POST /api/v1/referrals/:id/agency-link": {req: req("POST", func(f *accFixture) string {
			return "/api/v1/referrals/" + f.storeReferral().ID + "/agency-link"
		}, nil), want: map[string]int{"peer": 200}, def: 403}, // the maker only (storeReferral's is the peer)
		"DELETE /api/v1/referrals/:id/agency-link": {req: req("DELETE", func(f *accFixture) string {
			return "/api/v1/referrals/" + f.storeReferral().ID + "/agency-link"
		}, nil), want: map[string]int{"peer": 204, "coordinator": 204, "admin": 204}, def: 403}, // the maker, coordinators, admins
		"GET /api/v1/agency/referrals": {req: req("GET", static("/api/v1/agency/referrals?status=requested"), nil),
			want: map[string]int{"agency": 200, "agency_other": 200}, def: 403},
		"GET /api/v1/follow-ups": {req: req("GET", static("/api/v1/follow-ups?due=today&assignee=me"), nil), want: programOK(200), def: 403},
		"POST /api/v1/follow-ups": {req: req("POST", static("/api/v1/follow-ups"), func(f *accFixture) any {
			return map[string]any{"person_id": f.storePerson()}
		}), want: programOK(201), def: 403},
		"PATCH /api/v1/follow-ups/:id": {req: func(f *accFixture, who string) accReq {
			fu := care.FollowUp{PersonID: f.storePerson(), AssigneeID: f.users["peer"].ID, DueAt: time.Now(), Status: care.FollowUpOpen}
			if err := f.careStore().CreateFollowUp(ctx, &fu); err != nil {
				f.t.Fatal(err)
			}
			return accReq{method: "PATCH", path: "/api/v1/follow-ups/" + fu.ID, who: who,
				body: map[string]any{"assignee_id": f.users["clinician"].ID}}
		}, want: programOK(200), def: 403},
		"POST /api/v1/follow-ups/:id/attempts": {req: req("POST", func(f *accFixture) string {
			fu := care.FollowUp{PersonID: f.storePerson(), AssigneeID: f.users["peer"].ID, DueAt: time.Now(), Status: care.FollowUpOpen}
			if err := f.careStore().CreateFollowUp(ctx, &fu); err != nil {
				f.t.Fatal(err)
			}
			return "/api/v1/follow-ups/" + fu.ID + "/attempts"
		}, func(*accFixture) any { return map[string]any{"channel": "phone", "outcome": "no_answer"} }), want: programOK(201), def: 403},
		"POST /api/v1/shifts/start": {req: func(f *accFixture, who string) accReq {
			if u, ok := f.users[who]; ok {
				f.careStore().EndShift(ctx, u.ID, time.Now()) // whatever an earlier case left open
			}
			return accReq{method: "POST", path: "/api/v1/shifts/start", who: who}
		}, want: programOK(201), def: 403},
		"POST /api/v1/shifts/end": {req: func(f *accFixture, who string) accReq {
			if u, ok := f.users[who]; ok {
				f.careStore().StartShift(ctx, u.ID, time.Now().Add(-time.Hour))
			}
			return accReq{method: "POST", path: "/api/v1/shifts/end", who: who}
		}, want: programOK(200), def: 403},
		"GET /api/v1/shifts": {req: req("GET", static("/api/v1/shifts?user=me"), nil), want: programOK(200), def: 403},
		"POST /api/v1/resource-lists": {req: req("POST", static("/api/v1/resource-lists"), func(f *accFixture) any {
			return map[string]any{"service_ids": []string{f.svcA, f.svcB}, "language": "es"}
		}), want: programOK(201), def: 403},
		"GET /r/:token": {req: func(f *accFixture, who string) accReq {
			u, _ := url.Parse(f.reissued())
			return accReq{method: "GET", path: u.Path, who: who}
		}, want: everyone(200)},
		"POST /r/:token": {req: func(f *accFixture, who string) accReq {
			link := f.reissued()
			_, _, tok := f.linkPage(link)
			u, _ := url.Parse(link)
			return accReq{method: "POST", path: u.Path, who: who, body: url.Values{"form_token": {tok}, "action": {"accept"}}.Encode(),
				header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}}
		}, want: everyone(200)},
		"GET /l/:token": {req: func(f *accFixture, who string) accReq {
			l := care.ResourceList{ServiceIDs: []string{f.svcA}}
			care.NewResourceList(&l, time.Now())
			if err := f.careStore().CreateResourceList(ctx, &l); err != nil {
				f.t.Fatal(err)
			}
			return accReq{method: "GET", path: "/l/" + l.Token, who: who}
		}, want: everyone(200)},
		"GET /api/v1/measures/repeat-locations":       {req: req("GET", static("/api/v1/measures/repeat-locations"), nil), want: measureOK, def: 403},
		"GET /api/v1/measures/interactions-per-shift": {req: req("GET", static("/api/v1/measures/interactions-per-shift?format=csv"), nil), want: measureOK, def: 403},
		"GET /api/v1/measures/diversions":             {req: req("GET", static("/api/v1/measures/diversions"), nil), want: measureOK, def: 403},
		"GET /api/v1/measures/referrals":              {req: req("GET", static("/api/v1/measures/referrals?format=csv"), nil), want: measureOK, def: 403},
	}
}

// reissued makes a live referral and returns its agency link.
func (f *accFixture) reissued() string {
	f.t.Helper()
	r := f.storeReferral()
	return f.base + "/r/" + r.AgencyLinkToken
}
