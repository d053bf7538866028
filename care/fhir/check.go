package fhir

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// referralTaskStatuses is SDOHCC's ReferralTaskStatus value set: Task.status without
// ready and received.
var referralTaskStatuses = []string{"draft", "requested", "accepted", "rejected", "cancelled",
	"in-progress", "on-hold", "completed", "failed", "entered-in-error"}

// requestStatusesFor says which ServiceRequest statuses are consistent with a Task status
// (the SDOHCC "Checking Task Status" flow): the request stays active while its Task is
// open and may stay active after a refusal or failure (the requester may send it
// elsewhere), is completed only by a completed Task, revoked only once the Task ended
// unfulfilled, and void with it.
var requestStatusesFor = map[string][]string{
	"draft":            {"draft"},
	"requested":        {"active"},
	"accepted":         {"active"},
	"in-progress":      {"active"},
	"on-hold":          {"active", "on-hold"},
	"completed":        {"active", "completed"},
	"rejected":         {"active", "revoked"},
	"failed":           {"active", "revoked"},
	"cancelled":        {"revoked"},
	"entered-in-error": {"entered-in-error"},
}

// reasonRequired are the Task statuses that must say why (SDOHCC: statusReason.text for
// rejected, cancelled, on-hold and failed).
var reasonRequired = []string{"rejected", "cancelled", "on-hold", "failed"}

// part2Types are the resources of a Bundle that are the person's record; they carry the
// Part 2 labels when the referral is about substance use.
var part2Types = []string{"Task", "ServiceRequest", "Patient", "Consent", "PractitionerRole"}

// Check applies the SDOHCC rules that the FHIR JSON Schema cannot to a referral's
// Bundle, read as JSON: one Task for referral management (intent order, code fulfill, a
// ReferralTaskStatus status, a statusReason text where the status needs one) focused on
// the Bundle's one ServiceRequest, whose status must be consistent with the Task's;
// every reference resolves to an entry of the Bundle; and when any resource carries the
// 42 CFR Part 2 label, the Bundle and every resource of the person's record carry both
// 42CFRPart2 and NORDSCLCD. It returns every broken rule, joined.
func Check(bundle []byte) error {
	var b struct {
		ResourceType string `json:"resourceType"`
		Meta         meta   `json:"meta"`
		Entry        []struct {
			FullURL  string          `json:"fullUrl"`
			Resource json.RawMessage `json:"resource"`
		} `json:"entry"`
	}
	if err := json.Unmarshal(bundle, &b); err != nil {
		return fmt.Errorf("not a Bundle: %w", err)
	}
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if b.ResourceType != "Bundle" {
		fail("resourceType is %q, not Bundle", b.ResourceType)
	}
	type entry struct {
		url, kind string
		res       resource
		raw       json.RawMessage
	}
	var entries []entry
	urls := map[string]bool{}
	for i, e := range b.Entry {
		var r resource
		if err := json.Unmarshal(e.Resource, &r); err != nil {
			fail("entry %d: %v", i, err)
			continue
		}
		if e.FullURL == "" || !strings.HasSuffix(e.FullURL, "/"+r.ResourceType+"/"+r.ID) {
			fail("entry %d (%s/%s): fullUrl %q does not end in its type and id", i, r.ResourceType, r.ID, e.FullURL)
		}
		urls[e.FullURL] = true
		entries = append(entries, entry{url: e.FullURL, kind: r.ResourceType, res: r, raw: e.Resource})
	}
	var tasks, requests []entry
	labelled := b.Meta.has("42CFRPart2")
	for _, e := range entries {
		switch e.kind {
		case "Task":
			tasks = append(tasks, e)
		case "ServiceRequest":
			requests = append(requests, e)
		}
		labelled = labelled || e.res.Meta.has("42CFRPart2")
	}
	if len(tasks) != 1 || len(requests) != 1 {
		fail("a referral's Bundle holds one Task and one ServiceRequest, not %d and %d", len(tasks), len(requests))
	} else {
		t, sr := tasks[0].res, requests[0].res
		switch {
		case !slices.Contains(referralTaskStatuses, t.Status):
			fail("Task.status %q is not in the SDOHCC ReferralTaskStatus value set", t.Status)
		case !slices.Contains(requestStatusesFor[t.Status], sr.Status):
			fail("ServiceRequest.status %q does not go with Task.status %q (allowed: %v)", sr.Status, t.Status, requestStatusesFor[t.Status])
		}
		if slices.Contains(reasonRequired, t.Status) && (t.StatusReason == nil || strings.TrimSpace(t.StatusReason.Text) == "") {
			fail("Task.status %q needs statusReason.text", t.Status)
		}
		if t.Intent != "order" {
			fail("Task.intent is %q, not order", t.Intent)
		}
		var code concept
		if json.Unmarshal(t.Code, &code) != nil || !code.has("http://hl7.org/fhir/CodeSystem/task-code", "fulfill") {
			fail("Task.code is not task-code#fulfill")
		}
		if t.Focus == nil || t.Focus.Reference != "ServiceRequest/"+sr.ID {
			fail("Task.focus does not reference the Bundle's ServiceRequest")
		}
		if t.For == nil || !strings.HasPrefix(t.For.Reference, "Patient/") {
			fail("Task.for does not reference a Patient")
		}
		if t.AuthoredOn == "" || t.Requester == nil {
			fail("Task.authoredOn and Task.requester are required")
		}
	}
	base := ""
	if len(tasks) == 1 {
		base = strings.TrimSuffix(tasks[0].url, "/Task/"+tasks[0].res.ID)
	}
	for _, e := range entries {
		for _, r := range references(e.raw) {
			target := r
			if !strings.Contains(r, "://") {
				target = base + "/" + r
			}
			if !urls[target] {
				fail("%s/%s references %s, which is not in the Bundle", e.kind, e.res.ID, r)
			}
		}
		if labelled && slices.Contains(part2Types, e.kind) && !(e.res.Meta.has("42CFRPart2") && e.res.Meta.has("NORDSCLCD")) {
			fail("%s/%s lacks the 42 CFR Part 2 labels the rest of the referral carries", e.kind, e.res.ID)
		}
	}
	if labelled && !(b.Meta.has("42CFRPart2") && b.Meta.has("NORDSCLCD")) {
		fail("the Bundle lacks the 42 CFR Part 2 labels its resources carry")
	}
	return errors.Join(errs...)
}

type coded struct {
	System string `json:"system"`
	Code   string `json:"code"`
}

type meta struct {
	Security []coded `json:"security"`
}

func (m meta) has(code string) bool {
	return slices.ContainsFunc(m.Security, func(c coded) bool { return c.System == SystemActCode && c.Code == code })
}

type concept struct {
	Coding []coded `json:"coding"`
	Text   string  `json:"text"`
}

func (c *concept) has(system, code string) bool {
	return c != nil && slices.ContainsFunc(c.Coding, func(x coded) bool { return x.System == system && x.Code == code })
}

type reference struct {
	Reference string `json:"reference"`
}

// resource holds what Check reads of any resource.
type resource struct {
	ResourceType string          `json:"resourceType"`
	ID           string          `json:"id"`
	Meta         meta            `json:"meta"`
	Status       string          `json:"status"`
	StatusReason *concept        `json:"statusReason"`
	Intent       string          `json:"intent"`
	Code         json.RawMessage `json:"code"` // a CodeableConcept in Task, a list in others
	Focus        *reference      `json:"focus"`
	For          *reference      `json:"for"`
	AuthoredOn   string          `json:"authoredOn"`
	Requester    *reference      `json:"requester"`
}

// references collects every Reference.reference anywhere in a resource.
func references(raw json.RawMessage) []string {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return nil
	}
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, val := range x {
				if s, ok := val.(string); ok && k == "reference" {
					out = append(out, s)
					continue
				}
				walk(val)
			}
		case []any:
			for _, val := range x {
				walk(val)
			}
		}
	}
	walk(v)
	return out
}
