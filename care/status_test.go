package care

import (
	"errors"
	"slices"
	"testing"
	"time"

	"handoff/directory"
)

// legal is the state machine of DESIGN.md written out again by hand, so that a change
// to the table in status.go has to be made twice to pass.
var legal = map[Status][]Status{
	StatusDraft:          {StatusRequested, StatusEnteredInError},
	StatusRequested:      {StatusAccepted, StatusRejected, StatusCancelled, StatusEnteredInError},
	StatusAccepted:       {StatusInProgress, StatusOnHold, StatusCancelled, StatusCompleted, StatusFailed, StatusEnteredInError},
	StatusInProgress:     {StatusOnHold, StatusCompleted, StatusFailed, StatusCancelled, StatusEnteredInError},
	StatusOnHold:         {StatusInProgress, StatusCompleted, StatusFailed, StatusCancelled, StatusEnteredInError},
	StatusRejected:       {StatusEnteredInError},
	StatusCancelled:      {StatusEnteredInError},
	StatusCompleted:      {StatusEnteredInError},
	StatusFailed:         {StatusEnteredInError},
	StatusEnteredInError: {},
}

func TestEveryMove(t *testing.T) {
	at := time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC)
	for _, from := range Statuses() {
		if got := Allowed(from); !sameSet(got, legal[from]) {
			t.Errorf("Allowed(%s) = %v, want %v", from, got, legal[from])
		}
		for _, to := range Statuses() {
			ref := &Referral{ID: directory.NewID(), Status: from, Version: 3}
			// An outcome that fits where the move ends (see TestOutcomeFitsStatus).
			outcome := OutcomeNoCapacity
			if to == StatusCompleted {
				outcome = OutcomeGotHelp
			}
			err := Transition(ref, to, "a reason", outcome, "u1", at)
			want := slices.Contains(legal[from], to)
			if want {
				if err != nil {
					t.Errorf("%s → %s: %v", from, to, err)
					continue
				}
				if ref.Status != to || len(ref.History) != 1 || ref.History[0].From != from || ref.History[0].To != to ||
					ref.History[0].Version != 4 || ref.Version != 3 || ref.History[0].By != "u1" || !ref.History[0].At.Equal(at) {
					t.Errorf("%s → %s: referral %+v", from, to, ref)
				}
				continue
			}
			var te *TransitionError
			if !errors.As(err, &te) || !errors.Is(err, ErrIllegalTransition) {
				t.Errorf("%s → %s: got %v, want a TransitionError", from, to, err)
				continue
			}
			if te.From != from || te.To != to || !sameSet(te.Allowed, legal[from]) {
				t.Errorf("%s → %s: error %+v", from, to, te)
			}
			if ref.Status != from || len(ref.History) != 0 {
				t.Errorf("%s → %s: a refused move changed the referral", from, to)
			}
		}
	}
}

func TestReasonRequired(t *testing.T) {
	cases := []struct {
		from, to Status
		need     bool
	}{
		{StatusRequested, StatusRejected, true},
		{StatusRequested, StatusCancelled, true},
		{StatusAccepted, StatusOnHold, true},
		{StatusInProgress, StatusFailed, true},
		{StatusRequested, StatusAccepted, false},
		{StatusAccepted, StatusCompleted, false},
		{StatusOnHold, StatusInProgress, false},
		{StatusCompleted, StatusEnteredInError, false},
	}
	for _, c := range cases {
		for _, reason := range []string{"", "   "} {
			ref := &Referral{Status: c.from}
			err := Transition(ref, c.to, reason, "", "u", time.Now())
			var fe directory.FieldErrors
			if c.need {
				if !errors.As(err, &fe) || fe[0].Field != "reason" {
					t.Errorf("%s → %s without reason: got %v, want a reason field error", c.from, c.to, err)
				}
			} else if err != nil {
				t.Errorf("%s → %s without reason: %v", c.from, c.to, err)
			}
		}
	}
	// An illegal move is 409 even when the reason is missing too.
	err := Transition(&Referral{Status: StatusCompleted}, StatusRequested, "", "", "u", time.Now())
	if !errors.Is(err, ErrIllegalTransition) {
		t.Errorf("completed → requested: %v", err)
	}
}

func TestTransitionBadInput(t *testing.T) {
	ref := &Referral{Status: StatusRequested}
	var fe directory.FieldErrors
	if err := Transition(ref, "done", "", "", "u", time.Now()); !errors.As(err, &fe) || fe[0].Field != "to" {
		t.Errorf("unknown status: %v", err)
	}
	if err := Transition(ref, StatusAccepted, "", "great", "u", time.Now()); !errors.As(err, &fe) || fe[0].Field != "outcome" {
		t.Errorf("unknown outcome: %v", err)
	}
}

func TestTransitionTimes(t *testing.T) {
	t0 := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	ref := &Referral{Status: StatusDraft, Need: "housing", Mode: ModeLogged}
	Start(ref, "u", t0)
	steps := []struct {
		to      Status
		reason  string
		outcome Outcome
	}{{StatusRequested, "", ""}, {StatusAccepted, "", ""}, {StatusOnHold, "waiting for ID", ""},
		{StatusInProgress, "", ""}, {StatusCompleted, "", OutcomeGotHelp}}
	for i, s := range steps {
		ref.Version = i + 1 // the store's job
		if err := Transition(ref, s.to, s.reason, s.outcome, "u", t0.Add(time.Duration(i+1)*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	if !ref.RequestedAt.Equal(t0.Add(time.Hour)) || !ref.AcceptedAt.Equal(t0.Add(2*time.Hour)) || !ref.ClosedAt.Equal(t0.Add(5*time.Hour)) {
		t.Errorf("times: requested %v accepted %v closed %v", ref.RequestedAt, ref.AcceptedAt, ref.ClosedAt)
	}
	if ref.Outcome != OutcomeGotHelp || len(ref.History) != 6 || ref.History[5].Version != 6 {
		t.Errorf("referral %+v", ref)
	}
	for i := 1; i < len(ref.History); i++ {
		if ref.History[i].From != ref.History[i-1].To {
			t.Errorf("history breaks at %d: %+v", i, ref.History)
		}
	}
}

func sameSet(a, b []Status) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

func TestAgencyDisclosureRules(t *testing.T) {
	for _, s := range Statuses() {
		hidden := s == StatusDraft || s == StatusCancelled || s == StatusEnteredInError
		if s.ShowsAgencyPerson() == hidden {
			t.Errorf("%s: ShowsAgencyPerson %v", s, s.ShowsAgencyPerson())
		}
		if s.AgencySees() != (s != StatusDraft) {
			t.Errorf("%s: AgencySees %v", s, s.AgencySees())
		}
		if s.RevokesLink() != (s == StatusCancelled || s == StatusEnteredInError) {
			t.Errorf("%s: RevokesLink %v", s, s.RevokesLink())
		}
		reissue := s == StatusRequested || s == StatusAccepted || s == StatusInProgress || s == StatusOnHold
		if s.LinkReissuable() != reissue {
			t.Errorf("%s: LinkReissuable %v", s, s.LinkReissuable())
		}
	}
	hold := Move{To: StatusOnHold, Reason: "in hospital"}
	void := Move{To: StatusEnteredInError, Reason: "wrong person"}
	if ReasonForAgency(hold, false, false) != "" || ReasonForAgency(hold, true, false) == "" || ReasonForAgency(hold, false, true) == "" {
		t.Error("reason of a hold")
	}
	if ReasonForAgency(void, true, true) != "" {
		t.Error("an entered-in-error reason reached the agency")
	}
}
