package directory

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Problem reports and suggested edits of a service. A report (public, no sign-in) names
// a kind of problem and may carry a short note; a suggested edit (a peer or clinician)
// proposes values of named fields. Both wait for the service's organization or an admin
// to approve or reject them; nothing is applied before.

// The kinds of problem a report may name.
const (
	ProblemWrongPhone = "wrong-phone"
	ProblemClosed     = "closed"
	ProblemWrongHours = "wrong-hours"
	ProblemOther      = "other"
)

// ProblemKinds lists the kinds, in the order the report form offers them.
func ProblemKinds() []string {
	return []string{ProblemWrongPhone, ProblemClosed, ProblemWrongHours, ProblemOther}
}

// The kinds and states of a suggestion.
const (
	SuggestionReport   = "report"
	SuggestionEdit     = "edit"
	SuggestionPending  = "pending"
	SuggestionApproved = "approved"
	SuggestionRejected = "rejected"
)

// Bounds of what a suggestion may carry: short notes and values, a few fields.
const (
	MaxSuggestionNote  = 1000
	MaxSuggestionValue = 2000
	MaxSuggestionEdits = 20
)

// ProposedChange is one field's proposed value. Before is the field's value when it was
// proposed: approving refuses a field that has changed since (someone else fixed it, or
// changed it otherwise), as If-Match would.
type ProposedChange struct {
	Field  string `json:"field"`
	Value  string `json:"value"`
	Before string `json:"before"`
}

// Suggestion is a problem report or a suggested edit of a service.
type Suggestion struct {
	ID             string           `json:"id"`
	ServiceID      string           `json:"service_id"`
	ServiceName    string           `json:"service_name,omitempty"`
	OrganizationID string           `json:"organization_id"`
	Kind           string           `json:"kind"`
	Problem        string           `json:"problem,omitempty"`
	Note           string           `json:"note,omitempty"`
	Changes        []ProposedChange `json:"changes"`
	ProposedBy     string           `json:"proposed_by,omitempty"`
	ProposerName   string           `json:"proposer_name,omitempty"`
	ProposerRole   string           `json:"proposer_role,omitempty"`
	CreatedAt      time.Time        `json:"created_at"`
	Status         string           `json:"status"`
	DecidedBy      string           `json:"decided_by,omitempty"`
	DeciderName    string           `json:"decider_name,omitempty"`
	DecidedAt      time.Time        `json:"decided_at,omitzero"`
	Reason         string           `json:"reason,omitempty"`
}

// editableField is the fields a suggestion may propose: a service's own words and its
// phones, hours and languages, by the names the history uses. Ids, links to other
// records, capacity (the agency's own figures, or an observation) and dates the server
// stamps are not proposed.
var editableField = regexp.MustCompile(`^(?:(?:name|alternate_name|description|url|email|status|interpretation_services|` +
	`application_process|fees_description|wait_time|fees|accreditations|eligibility_description|licenses|alert)|` +
	`phones\[\d{1,2}\]\.(?:number|type|description)|` +
	`schedules\[\d{1,2}\]\.(?:freq|byday|bymonthday|opens_at|closes_at|description|valid_from|valid_to|dtstart|until|notes)|` +
	`languages\[\d{1,2}\]\.(?:name|code|note))$`)

// CheckNote refuses a note longer than MaxSuggestionNote or with control characters.
func CheckNote(field, note string) *FieldError {
	switch {
	case utf8.RuneCountInString(note) > MaxSuggestionNote:
		return &FieldError{field, fmt.Sprintf("must be at most %d characters", MaxSuggestionNote)}
	case strings.ContainsFunc(note, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\t' }):
		return &FieldError{field, "must be plain text"}
	}
	return nil
}

// ProposeChanges checks proposed values against the service as it is now: each field
// must be one a suggestion may change, its value bounded, and the service with every
// change applied must be valid. It fills each change's Before, and reports the bad
// fields by their place in the request ("changes[0].field").
func ProposeChanges(s Service, changes []ProposedChange) ([]ProposedChange, FieldErrors) {
	var errs FieldErrors
	if len(changes) == 0 {
		return nil, FieldErrors{{"changes", "must propose at least one field"}}
	}
	if len(changes) > MaxSuggestionEdits {
		return nil, FieldErrors{{"changes", fmt.Sprintf("may propose at most %d fields", MaxSuggestionEdits)}}
	}
	now, err := FlattenListing(s)
	if err != nil {
		return nil, FieldErrors{{"changes", err.Error()}}
	}
	out := make([]ProposedChange, len(changes))
	for i, c := range changes {
		at := fmt.Sprintf("changes[%d]", i)
		switch {
		case !editableField.MatchString(c.Field):
			errs = append(errs, FieldError{at + ".field", "is not a field a suggestion may change (for example description, phones[0].number, schedules[0].opens_at)"})
		case utf8.RuneCountInString(c.Value) > MaxSuggestionValue:
			errs = append(errs, FieldError{at + ".value", fmt.Sprintf("must be at most %d characters", MaxSuggestionValue)})
		}
		out[i] = ProposedChange{Field: c.Field, Value: strings.TrimSpace(c.Value), Before: lookup(now, c.Field)}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if _, errs := ApplyChanges(s, out); len(errs) > 0 {
		return nil, errs
	}
	return out, nil
}

// ApplyChanges returns the service with the changes applied, normalized and validated.
// A change whose field no longer has the value it had when proposed is refused as a
// conflict (ChangedSince), naming the field.
func ApplyChanges(s Service, changes []ProposedChange) (Service, FieldErrors) {
	var m map[string]any
	raw, err := json.Marshal(s)
	if err == nil {
		err = json.Unmarshal(raw, &m)
	}
	if err != nil {
		return s, FieldErrors{{"changes", err.Error()}}
	}
	var errs FieldErrors
	for i, c := range changes {
		if err := setPath(m, c.Field, c.Value); err != nil {
			errs = append(errs, FieldError{fmt.Sprintf("changes[%d].field", i), err.Error()})
		}
	}
	if len(errs) > 0 {
		return s, errs
	}
	var out Service
	raw, _ = json.Marshal(m)
	if err := json.Unmarshal(raw, &out); err != nil {
		return s, FieldErrors{{"changes", err.Error()}}
	}
	NormalizeService(&out)
	if chk := ValidateService(&out); len(chk.Errors) > 0 {
		for _, e := range chk.Errors {
			field := "changes"
			for i, c := range changes {
				if strings.HasPrefix(e.Field, c.Field) || strings.HasPrefix(c.Field, e.Field+"[") {
					field = fmt.Sprintf("changes[%d].value", i)
				}
			}
			errs = append(errs, FieldError{field, e.Field + " " + e.Message})
		}
		return s, errs
	}
	return out, nil
}

// ChangedSince lists the fields of changes whose value in s is no longer the one they
// had when proposed.
func ChangedSince(s Service, changes []ProposedChange) ([]string, error) {
	now, err := FlattenListing(s)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, c := range changes {
		if lookup(now, c.Field) != c.Before {
			out = append(out, c.Field)
		}
	}
	return out, nil
}

// ReportChanges is what a problem report proposes on its own: a closed service proposes
// status "inactive", a wrong phone the correct number when the reporter gave one. Wrong
// hours and other problems propose nothing: the agency reads the note.
func ReportChanges(problem, phone string) []ProposedChange {
	switch {
	case problem == ProblemClosed:
		return []ProposedChange{{Field: "status", Value: "inactive"}}
	case problem == ProblemWrongPhone && strings.TrimSpace(phone) != "":
		return []ProposedChange{{Field: "phones[0].number", Value: phone}}
	}
	return nil
}

// pathStep is one step of a field's path: a member, and an element of it when idx >= 0.
type pathStep struct {
	key string
	idx int
}

func parsePath(field string) ([]pathStep, error) {
	var out []pathStep
	for _, part := range strings.Split(field, ".") {
		st := pathStep{key: part, idx: -1}
		if i := strings.IndexByte(part, '['); i >= 0 && strings.HasSuffix(part, "]") {
			n, err := strconv.Atoi(part[i+1 : len(part)-1])
			if err != nil || n < 0 {
				return nil, fmt.Errorf("has a bad position in %q", part)
			}
			st.key, st.idx = part[:i], n
		}
		out = append(out, st)
	}
	return out, nil
}

// setPath sets the field of the record m (as generic JSON) to value. An element one past
// the end of a list is added (a second phone); one further is refused.
func setPath(m map[string]any, field, value string) error {
	steps, err := parsePath(field)
	if err != nil {
		return err
	}
	cur := m
	for i, st := range steps {
		last := i == len(steps)-1
		if st.idx < 0 {
			if last {
				cur[st.key] = value
				return nil
			}
			next, ok := cur[st.key].(map[string]any)
			if !ok {
				next = map[string]any{}
				cur[st.key] = next
			}
			cur = next
			continue
		}
		list, _ := cur[st.key].([]any)
		switch {
		case st.idx > len(list):
			return fmt.Errorf("names %s[%d], but there are %d", st.key, st.idx, len(list))
		case st.idx == len(list):
			list = append(list, map[string]any{"id": NewID()})
			cur[st.key] = list
		}
		el, ok := list[st.idx].(map[string]any)
		if !ok || last {
			return fmt.Errorf("must name a field of %s[%d]", st.key, st.idx)
		}
		cur = el
	}
	return nil
}
