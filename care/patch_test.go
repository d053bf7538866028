package care

import (
	"encoding/json"
	"errors"
	"testing"

	"handoff/directory"
)

// patchOf reads a merge patch as the API receives it.
func patchOf(t *testing.T, body string) map[string]json.RawMessage {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestPatchPerson(t *testing.T) {
	base := Person{ID: directory.NewID(), DisplayName: "J. R.", Phone: "(413) 555-0100", PreferredLanguage: "es", Version: 4}
	cases := []struct {
		name, patch string
		want        Person // fields compared: name, phone, language
		bad         []string
	}{
		{"nothing", `{}`, base, nil},
		{"rename, normalized", `{"display_name": "  Jo   R. "}`, Person{DisplayName: "Jo R.", Phone: base.Phone, PreferredLanguage: "es"}, nil},
		{"clear phone and language", `{"phone": null, "preferred_language": null}`, Person{DisplayName: "J. R."}, nil},
		{"language normalized", `{"preferred_language": "PT-BR"}`, Person{DisplayName: "J. R.", Phone: base.Phone, PreferredLanguage: "pt-BR"}, nil},
		{"clear name", `{"display_name": null}`, Person{}, []string{"display_name"}},
		{"empty name", `{"display_name": "  "}`, Person{}, []string{"display_name"}},
		{"wrong types", `{"phone": 4135550100, "preferred_language": ["es"]}`, Person{}, []string{"phone", "preferred_language"}},
		{"read-only and unknown", `{"id": "x", "version": 9, "merged_into": null, "nickname": "J"}`, Person{}, []string{"id", "version", "merged_into", "nickname"}},
		{"invalid values", `{"phone": "call me", "preferred_language": "Spanish!"}`, Person{}, []string{"phone", "preferred_language"}},
	}
	for _, c := range cases {
		p := base
		err := PatchPerson(&p, patchOf(t, c.patch))
		wantFields(t, c.name, err, c.bad...)
		if c.bad != nil {
			continue
		}
		if p.DisplayName != c.want.DisplayName || p.Phone != c.want.Phone || p.PreferredLanguage != c.want.PreferredLanguage {
			t.Errorf("%s: %+v", c.name, p)
		}
		if p.ID != base.ID || p.Version != base.Version {
			t.Errorf("%s: the patch moved the id or version: %+v", c.name, p)
		}
	}
}

func TestFollowUpPatch(t *testing.T) {
	id := directory.NewID()
	got, err := FollowUpPatch(patchOf(t, `{"assignee_id": " `+id+` "}`))
	if err != nil || got != id {
		t.Fatalf("FollowUpPatch = %q, %v", got, err)
	}
	for _, c := range []struct {
		name, patch string
		bad         []string
	}{
		{"missing", `{}`, []string{"assignee_id"}},
		{"null", `{"assignee_id": null}`, []string{"assignee_id"}},
		{"not a uuid", `{"assignee_id": "Ana"}`, []string{"assignee_id"}},
		{"wrong type", `{"assignee_id": 7}`, []string{"assignee_id"}},
		{"other fields", `{"assignee_id": "` + id + `", "status": "done", "due_at": "2026-01-01T00:00:00Z"}`, []string{"status", "due_at"}},
	} {
		_, err := FollowUpPatch(patchOf(t, c.patch))
		wantFields(t, c.name, err, c.bad...)
	}
}

func TestCheckAssignee(t *testing.T) {
	for _, c := range []struct {
		role     string
		disabled bool
		ok       bool
	}{
		{"peer", false, true}, {"clinician", false, true}, {"peer", true, false},
		{"coordinator", false, false}, {"agency", false, false}, {"admin", false, false}, {"", false, false},
	} {
		err := CheckAssignee(c.role, c.disabled)
		if c.ok {
			wantFields(t, c.role, err)
		} else {
			wantFields(t, c.role, err, "assignee_id")
		}
	}
}

func TestReassignDone(t *testing.T) {
	to := directory.NewID()
	for _, st := range FollowUpStatuses() {
		f := FollowUp{Status: st, AssigneeID: "before"}
		err := f.Reassign(to)
		if st == FollowUpDone {
			if !errors.Is(err, ErrFollowUpDone) || f.AssigneeID != "before" {
				t.Errorf("done: %v, assignee %q", err, f.AssigneeID)
			}
		} else if err != nil || f.AssigneeID != to {
			t.Errorf("%s: %v, assignee %q", st, err, f.AssigneeID)
		}
	}
}
