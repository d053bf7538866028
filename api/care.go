package api

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"

	"handoff/care"
	"handoff/directory"
	"handoff/store"
)

// careState is what the care routes share: the sealer of notes (nil: no data key, the
// care routes answer 503) and the key that signs the agency-link forms.
type careState struct {
	sealer *care.Sealer
	// formKey signs the forms when there is no data key (and they are never accepted
	// then: the link pages answer 503 first).
	formKey []byte
}

// formKeyPurpose labels the form key derived from the data key; changing it
// invalidates every form open in a browser.
const formKeyPurpose = "handoff agency-link form v1"

// newCareState keeps the sealer, from whose keys the form keys are derived each time, so
// that a form rendered by one instance (or before a restart) is accepted by another, and
// a key file reloaded during a key rotation changes them. Without a data key the link
// pages answer 503 before any form is signed, and a random key does no harm.
func newCareState(opts Options) *careState {
	if opts.Sealer != nil {
		return &careState{sealer: opts.Sealer}
	}
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	return &careState{formKey: k}
}

// formKeys returns the keys that sign forms: the one derived from the sealing key first,
// then those derived from the older keys still configured. Forms are signed with the
// first and accepted under any, so that a form open in a browser while the data key is
// rotated still goes through (the old key stays configured until nothing uses it).
func (cs *careState) formKeys() [][]byte {
	if cs.sealer == nil {
		return [][]byte{cs.formKey}
	}
	return cs.sealer.DeriveKeys(formKeyPurpose)
}

// careStore is the care view for the request's user: 503 without a data key, and
// without notes for roles that may not read them (coordinators, agency staff). Its
// writes append their audit row in their own transaction, so that handlers do not audit
// an allowed write after the fact (and a write never lands without its row).
func (s *Server) careStore(c *fiber.Ctx) (*store.CareStore, error) {
	if s.care.sealer == nil {
		return nil, problem(fiber.StatusServiceUnavailable,
			"People and their care are unavailable: no data key is configured (--data-key-file or HANDOFF_DATA_KEY). The directory still works.")
	}
	cs := s.store.Care(s.care.sealer).Audited(careAuditTemplate(c, ""))
	if !currentPrincipal(c).MayReadNotes() {
		cs = cs.WithoutNotes()
	}
	return cs, nil
}

// careRecord is careStore for a route about one record: the record's id from the path,
// where an id that is not a UUID is simply not found.
func (s *Server) careRecord(c *fiber.Ctx) (*store.CareStore, string, error) {
	cs, err := s.careStore(c)
	if err != nil {
		return nil, "", err
	}
	id, err := pathID(c, "id")
	if err != nil {
		return nil, "", err
	}
	return cs, id, nil
}

// stripNotes empties the notes of a person file for readers who may not see them,
// whatever the store view did.
func stripNotes(f *care.PersonFile) {
	for i := range f.Encounters {
		f.Encounters[i].Notes = ""
	}
	for i := range f.Referrals {
		f.Referrals[i].Note = ""
	}
	for i := range f.FollowUps {
		for j := range f.FollowUps[i].Attempts {
			f.FollowUps[i].Attempts[j].Note = ""
		}
	}
}

// careError turns the care layer's errors into problems; anything else passes through
// to the error handler (field errors become 400, the rest 500).
func careError(err error, what string) error {
	var te *care.TransitionError
	var refs care.ReferenceErrors
	var rules care.RuleErrors
	switch {
	case err == nil:
		return nil
	case errors.As(err, &te):
		p := problem(fiber.StatusConflict, te.Error())
		p.Type = "https://handoff.example/problems/illegal-transition"
		allowed := make([]string, len(te.Allowed))
		for i, a := range te.Allowed {
			allowed[i] = string(a)
		}
		p.Extra = map[string]any{"from": string(te.From), "to": string(te.To), "allowed": allowed}
		return p
	case errors.Is(err, store.ErrNotFound):
		return notFound(what)
	case errors.Is(err, store.ErrConflict):
		return problem(fiber.StatusConflict, "Someone else changed this record first. Read it again and retry.")
	case errors.Is(err, store.ErrMerged):
		return problem(fiber.StatusConflict, "This person record was merged into another; use the surviving record.")
	case errors.Is(err, store.ErrLinkExpired):
		return problem(fiber.StatusGone, "This link has expired or was revoked.")
	case errors.As(err, &refs):
		// Well formed, but naming no such record or the wrong kind: 422, every field named.
		p := problem(fiber.StatusUnprocessableEntity, "The request names records that do not exist or may not be named there.")
		p.Errors = directory.FieldErrors(refs)
		if len(refs) == 1 {
			p.Detail = refs[0].Error()
		}
		return p
	case errors.As(err, &rules):
		// Well formed, but a rule of the program needs more (a 911 call's place): 422.
		p := problem(fiber.StatusUnprocessableEntity, directory.FieldErrors(rules).Error()+".")
		p.Errors = directory.FieldErrors(rules)
		return p
	case errors.Is(err, care.ErrNoConsent):
		p := problem(fiber.StatusUnprocessableEntity,
			"A live referral shares the person's details with the agency, and no consent on record covers that organization now (none given, expired or revoked). Record the person's consent first, or make a logged referral.")
		p.Type = "https://handoff.example/problems/no-consent"
		return p
	case errors.Is(err, care.ErrShiftOpen), errors.Is(err, care.ErrNoOpenShift), errors.Is(err, care.ErrFollowUpDone),
		errors.Is(err, care.ErrLinkNotReissuable):
		return problem(fiber.StatusConflict, err.Error()+".")
	case errors.Is(err, care.ErrNoDataKey):
		return problem(fiber.StatusServiceUnavailable, "Notes cannot be written: no data key is configured.")
	}
	return err
}

// created answers 201 with the resource and its Location.
func created(c *fiber.Ctx, location string, v any) error {
	c.Location(location)
	return c.Status(fiber.StatusCreated).JSON(v)
}

// careClock is the clock of the care handlers, to the microsecond the columns keep, so
// that a record answered after a write equals the record read back later.
func careClock() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// formToken signs a no-login form: it binds the link (by its token's hash) and the
// referral's version, so a form from another site cannot be forged without the page,
// and a form left open after the referral moved is refused rather than applied twice.
func (s *Server) formToken(linkHash string, version int) string {
	return signForm(s.care.formKeys()[0], linkHash, version)
}

// formTokenOK reports whether token is the form token of the link and version under any
// of the form keys (see formKeys).
func (s *Server) formTokenOK(token, linkHash string, version int) bool {
	ok := false
	for _, k := range s.care.formKeys() {
		ok = hmac.Equal([]byte(token), []byte(signForm(k, linkHash, version))) || ok
	}
	return ok
}

// signForm is the form token of a link and version under one key.
func signForm(key []byte, linkHash string, version int) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("agency-link\x00" + linkHash + "\x00"))
	m.Write([]byte{byte(version >> 24), byte(version >> 16), byte(version >> 8), byte(version)})
	return care.HashToken(string(m.Sum(nil)))
}
