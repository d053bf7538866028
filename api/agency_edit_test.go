package api_test

import (
	"strings"
	"testing"

	"handoff/api"
	"handoff/directory"
	"handoff/store"
	"handoff/store/storetest"
)

// TestDescribeSchedules: the words of hours come from directory.DescribeHours, in the
// asker's language; rows that are wrong answer 422 naming each field, with the words of
// what could be read; a body that is not the rows is a 400.
func TestDescribeSchedules(t *testing.T) {
	f := careNew(t, storetest.SQLite(t), api.Options{})
	row := func(freq, byday, opens, closes string) map[string]any {
		return map[string]any{"freq": freq, "byday": byday, "opens_at": opens, "closes_at": closes}
	}
	var ok struct {
		Words []string
		Text  string
	}
	f.must(200, accReq{method: "POST", path: "/api/v1/schedules/describe", who: "agency", body: map[string]any{"schedules": []any{
		row("WEEKLY", "MO,TU,WE,TH", "09:00", "16:00"), row("WEEKLY", "FR", "20:00", "02:00"), row("MONTHLY", "2TU", "18:00", "20:00"),
		map[string]any{"description": "Closed", "valid_from": "2026-12-25"},
	}}}).json(t, &ok)
	if want := "Mon–Thu 9 am–4 pm; Fri 8 pm–2 am (next day); 2nd Tuesday of each month 6–8 pm; closed 25 Dec 2026"; ok.Text != want || len(ok.Words) != 4 {
		t.Errorf("words %q %q, want %q", ok.Text, ok.Words, want)
	}
	var bad struct {
		Status int
		Errors []directory.FieldError
		Words  []string
	}
	f.must(422, accReq{method: "POST", path: "/api/v1/schedules/describe", who: "admin", body: map[string]any{"schedules": []any{
		row("WEEKLY", "MO", "09:00", "17:00"), row("WEEKLY", "2TU", "09:00", "10:00"), row("WEEKLY", "FR", "20:00", "25:00"),
	}}}).json(t, &bad)
	fields := []string{}
	for _, e := range bad.Errors {
		fields = append(fields, e.Field)
	}
	if strings.Join(fields, " ") != "schedules[1].byday schedules[2].closes_at" || len(bad.Words) == 0 || bad.Words[0] != "Mon 9 am–5 pm" {
		t.Errorf("problems %v, words %q", bad.Errors, bad.Words)
	}
	// In the asker's language, as problems are: the rows' words and the 422's.
	es := map[string]string{"Accept-Language": "es"}
	f.must(200, accReq{method: "POST", path: "/api/v1/schedules/describe", who: "agency", header: es, body: map[string]any{"schedules": []any{
		row("WEEKLY", "MO,TU,WE,TH", "09:00", "16:00"), row("MONTHLY", "2TU", "18:00", "20:00"),
	}}}).json(t, &ok)
	if want := "lun–jue 9:00–16:00; 2.º martes de cada mes 18:00–20:00"; ok.Text != want {
		t.Errorf("Spanish words %q, want %q", ok.Text, want)
	}
	f.must(422, accReq{method: "POST", path: "/api/v1/schedules/describe", who: "agency", header: es, body: map[string]any{"schedules": []any{
		row("WEEKLY", "MO", "09:00", "17:00"), row("WEEKLY", "2TU", "09:00", "10:00"),
	}}}).json(t, &bad)
	if len(bad.Words) == 0 || bad.Words[0] != "lun 9:00–17:00" {
		t.Errorf("Spanish words of a 422: %q", bad.Words)
	}
	f.must(200, accReq{method: "POST", path: "/api/v1/schedules/describe", who: "agency", body: `{"schedules":[]}`})
	f.must(400, accReq{method: "POST", path: "/api/v1/schedules/describe", who: "agency", body: `{"rows":[]}`})
	f.must(400, accReq{method: "POST", path: "/api/v1/schedules/describe", who: "agency", body: `{"schedules":"MO 9-5"}`})
	many := make([]any, 201)
	for i := range many {
		many[i] = row("WEEKLY", "MO", "09:00", "10:00")
	}
	f.must(400, accReq{method: "POST", path: "/api/v1/schedules/describe", who: "agency", body: map[string]any{"schedules": many}})
}

// TestServiceHoursHeldToSense: a write that changes a service's hours is held to the
// same checks as the preview (an ordinal day in a weekly row is refused naming the
// field, nothing changed), while a write of other fields leaves odd imported rows be.
func TestServiceHoursHeldToSense(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := careNew(t, st, api.Options{})
		odd := directory.Service{ID: directory.NewID(), OrganizationID: f.orgA, Name: "Odd hours clinic", Status: "active",
			Schedules: []directory.Schedule{{Freq: "WEEKLY", ByDay: "MO", ClosesAt: "17:00"}}} // imported: no opening time
		f.writeService(odd)
		path := "/api/v1/services/" + odd.ID
		f.must(200, accReq{method: "PATCH", path: path, who: "agency", body: map[string]any{"description": "Walk in."}})
		before := f.snapshot()
		res := f.must(400, accReq{method: "PATCH", path: path, who: "agency", body: map[string]any{"schedules": []any{
			map[string]any{"freq": "WEEKLY", "byday": "2TU", "opens_at": "09:00", "closes_at": "10:00"}}}})
		if !strings.Contains(string(res.body), `"field":"schedules[0].byday"`) {
			t.Errorf("the refusal names no field: %s", res.body)
		}
		if after := f.snapshot(); !equalCounts(before, after) {
			t.Errorf("a refused write changed data:\n%v\n%v", before, after)
		}
		var got directory.Service
		f.must(200, accReq{method: "GET", path: path}).json(t, &got)
		if len(got.Schedules) != 1 || got.Schedules[0].ByDay != "MO" {
			t.Errorf("the hours changed: %+v", got.Schedules)
		}
	})
}
