package api

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"handoff/access"
	"handoff/directory"
	"handoff/i18n"
	"handoff/store"
)

// The no-login update page of a service (/u/{token}): night staff change the beds with
// one tap on − or +, or type the number and save, and confirm an unchanged count with
// "Still correct". Server-rendered in the chrome, in the page's language, like the
// agency link page, and with no script at all (scriptlessPages). Every change goes
// through the directory's write, with its audit row (who: "update link <id>") and its
// change-feed row in one transaction, so search shows it as soon as the index follows
// the feed.

const updateLinkPage = "update-link.html"

func (s *Server) updateLinkPageRoutes() {
	s.app.Get("/u/:token", s.updateLinkGet)
	s.app.Post("/u/:token", s.updateLinkPost)
}

// updateLinkState is the per-link limit of updates through the page.
type updateLinkState struct {
	limit *access.FailureLimit // every post counts, not only failures
}

func newUpdateLinkState(opts Options) *updateLinkState {
	n := opts.UpdateLinkRateLimit
	switch {
	case n == 0:
		n = access.DefaultUpdateLinkLimit
	case n < 0:
		return &updateLinkState{}
	}
	return &updateLinkState{limit: access.NewFailureLimit(n, access.DefaultUpdateLinkWindow)}
}

type updateLinkData struct {
	Service, Org, Message, Status, FormToken string
	// Problem marks the message as a refusal, shown as an alert.
	Problem bool
	Gone    bool
	// Withdrawn: the link was revoked or replaced, or its service moved elsewhere.
	Withdrawn bool
	Figures   []bedFigure
}

// bedFigure is one capacity figure of the service as the page shows it, in its words.
type bedFigure struct {
	ID, Unit, Units, Available, Maximum, Age string
	// Free is what follows the count: "beds free", "camas libres".
	Free string
	// Minus and Plus are the counts the − and + buttons set; empty when not possible.
	Minus, Plus string
	Max         string // the number field's maximum, "" for none
	Counted     bool
}

// linkedService is what one request through a link works on.
type linkedService struct {
	link    store.UpdateLink
	svc     directory.Service
	version store.Unchanged
}

// openUpdateLink finds the link's service, or renders the page that says why not: 404
// for a token that never opened anything, 410 for a revoked or rotated one, or one whose
// service belongs to another organization now.
func (s *Server) openUpdateLink(c *fiber.Ctx) (linkedService, bool, error) {
	var ls linkedService
	gone := func(status int, withdrawn bool) (linkedService, bool, error) {
		return ls, false, s.page(c, status, updateLinkPage, "", updateLinkData{Gone: true, Withdrawn: withdrawn})
	}
	tok := c.Params("token")
	if !access.UpdateLinkTokenLooksValid(tok) {
		return gone(fiber.StatusNotFound, false)
	}
	ctx := c.UserContext()
	l, err := s.store.UpdateLinkByTokenHash(ctx, access.HashToken(tok))
	switch {
	case errors.Is(err, store.ErrNotFound):
		return gone(fiber.StatusNotFound, false)
	case errors.Is(err, store.ErrLinkExpired):
		return gone(fiber.StatusGone, true)
	case err != nil:
		return ls, false, err
	}
	// The version first, then the service: a write in between fails the save's check
	// rather than passing one older than the page.
	u, err := s.store.DirectoryVersion(ctx, "service", l.ServiceID)
	if errors.Is(err, store.ErrNotFound) {
		return gone(fiber.StatusNotFound, false)
	} else if err != nil {
		return ls, false, err
	}
	svc, err := s.store.Service(ctx, l.ServiceID)
	if errors.Is(err, store.ErrNotFound) {
		return gone(fiber.StatusNotFound, false)
	} else if err != nil {
		return ls, false, err
	}
	if serviceKind.owner(&svc) != l.OrganizationID {
		// The service belongs to another organization now: the link made by the old
		// one's staff must not reach it.
		return gone(fiber.StatusGone, true)
	}
	return linkedService{link: l, svc: svc, version: u}, true, nil
}

func (s *Server) updateLinkGet(c *fiber.Ctx) error {
	ls, ok, err := s.openUpdateLink(c)
	if !ok {
		return err
	}
	return s.showUpdateLink(c, fiber.StatusOK, ls, nil, false)
}

// updateFormToken binds the page's forms to the link and to the version of the service
// the page showed: a form from a page loaded before someone else's change is refused,
// not applied over it. It is keyed by the hash of the link's token, which only the
// server and a holder of the link can compute, so it holds across instances and restarts.
func updateFormToken(linkHash string, version store.Unchanged) string {
	m := hmac.New(sha256.New, []byte("handoff update-link form v1\x00"+linkHash))
	parts := make([]string, len(version))
	for i, v := range version {
		parts[i] = v.Table + "/" + v.ID + "@" + v.UpdatedAt
	}
	slices.Sort(parts)
	m.Write([]byte(strings.Join(parts, "\x00")))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// showUpdateLink renders the service's figures with their forms, and msg, when there is
// one, above them.
func (s *Server) showUpdateLink(c *fiber.Ctx, status int, ls linkedService, msg linkMsg, isProblem bool) error {
	svc := &ls.svc
	lang := s.pageLang(c, "")
	d := updateLinkData{Service: svc.Name, Problem: isProblem, FormToken: updateFormToken(ls.link.TokenHash, ls.version)}
	if msg != nil {
		d.Message = msg(lang)
	}
	if svc.Organization != nil {
		d.Org = svc.Organization.Name
	}
	if st := directory.CapacityStatus(svc); st != "" {
		d.Status = capacityStatusWords(lang, st)
	}
	now := time.Now()
	for _, x := range svc.Capacities {
		d.Figures = append(d.Figures, bedFigureOf(lang, x, now))
	}
	return s.page(c, status, updateLinkPage, "", d)
}

func bedFigureOf(lang string, x directory.Capacity, now time.Time) bedFigure {
	cat := i18n.Load()
	unit := unitNameOf(x.Unit)
	f := bedFigure{ID: x.ID, Unit: unitWords(lang, unit, 1), Units: unitWords(lang, unit, 2), Age: ageText(lang, x.Updated, now)}
	if x.Maximum != nil {
		f.Maximum, f.Max = directory.FormatCount(*x.Maximum), directory.FormatCount(*x.Maximum)
	}
	if x.Available != nil {
		n := *x.Available
		f.Counted, f.Available = true, directory.FormatCount(n)
		// "1 bed free"; "1 of 15 beds free" counts the beds of 15.
		of := n
		if x.Maximum != nil {
			of = *x.Maximum
		}
		f.Free = cat.T(lang, "update.free", "count", countOf(of), "units", unitWords(lang, unit, of))
		if n >= 1 {
			f.Minus = directory.FormatCount(n - 1)
		}
		if x.Maximum == nil || n+1 <= *x.Maximum {
			f.Plus = directory.FormatCount(n + 1)
		}
	}
	return f
}

// unitNameOf reads the name of an HSDS 3.1 unit object ({"name":"bed"}); "place" when
// the figure names none.
func unitNameOf(raw []byte) string {
	var u struct{ Name string }
	if len(raw) > 0 && json.Unmarshal(raw, &u) == nil && strings.TrimSpace(u.Name) != "" {
		return strings.TrimSpace(u.Name)
	}
	return "place"
}

// unitWords names a unit for a count of n in lang: the catalog's word for a unit it
// knows ("bed": "beds", "camas"), else the unit as the listing spells it, made plural the
// English way ("cot": "cots").
func unitWords(lang, unit string, n float64) string {
	cat := i18n.Load()
	for _, k := range []string{"pub.unit." + unit, "agency.unit." + unit} {
		if cat.Has(i18n.Default, k) {
			return cat.T(lang, k, "count", countOf(n))
		}
	}
	if n == 1 || strings.HasSuffix(unit, "s") {
		return unit
	}
	return unit + "s"
}

// countOf is a count as the catalog's plural rules take it: a whole number.
func countOf(n float64) int {
	if n != math.Trunc(n) || math.Abs(n) > 1e9 {
		return 2 // "1.5 beds": not one
	}
	return int(n)
}

// capacityStatusWords is a handoff:capacity_status code in lang ("Has capacity").
func capacityStatusWords(lang, code string) string {
	return catalogWord(lang, "agency.capacity."+code, termLabel(directory.TaxonomyCapacityStatus, code))
}

// ageText says how old a figure is in words: "updated 5 min ago".
func ageText(lang, updated string, now time.Time) string {
	cat := i18n.Load()
	t, err := time.Parse(time.RFC3339, updated)
	if err != nil {
		return cat.T(lang, "update.age.never")
	}
	switch d := now.Sub(t); {
	case d < time.Minute:
		return cat.T(lang, "update.age.now")
	case d < time.Hour:
		return cat.T(lang, "update.age.min", "count", int(d/time.Minute))
	case d < 48*time.Hour:
		return cat.T(lang, "update.age.hours", "count", int(d/time.Hour))
	default:
		return cat.T(lang, "update.age.days", "count", int(d/(24*time.Hour)))
	}
}

// updateLinkPost applies one of the page's forms: set a figure's count (action "set"),
// or confirm the figures as they are (action "confirm"). A post from another site, one
// over the link's limit, one from a page older than the service's last change, or one
// with a count the service cannot have changes nothing.
func (s *Server) updateLinkPost(c *fiber.Ctx) error {
	ls, ok, err := s.openUpdateLink(c)
	if !ok {
		return err
	}
	if c.Get("Sec-Fetch-Site") == "cross-site" {
		return s.showUpdateLink(c, fiber.StatusForbidden, ls, linkSay("link.msg.cross_site"), true)
	}
	if lim := s.updateLinks.limit; lim != nil {
		now := time.Now()
		if wait, blocked, first := lim.Refuse(ls.link.ID, now); blocked {
			c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(wait/time.Second)+1))
			if first { // once per window: a leaked link must not flood the audit log
				if err := s.updateLinkAudit(c, ls, "update", false, "rate-limit"); err != nil {
					return err
				}
			}
			return s.showUpdateLink(c, fiber.StatusTooManyRequests, ls, linkSay("update.msg.too_many"), true)
		}
		lim.Fail(ls.link.ID, now)
	}
	if !hmac.Equal([]byte(c.FormValue("form_token")), []byte(updateFormToken(ls.link.TokenHash, ls.version))) {
		if err := s.updateLinkAudit(c, ls, "update", false, "form-token"); err != nil {
			return err
		}
		return s.showUpdateLink(c, fiber.StatusConflict, ls, linkSay("update.msg.changed"), true)
	}
	v := ls.svc
	if v.OrganizationID == "" && v.Organization != nil {
		v.OrganizationID = v.Organization.ID
	}
	v.Organization, v.LastModified = nil, ""
	directory.NormalizeService(&v)
	now := time.Now()
	action := ""
	var msg linkMsg
	switch c.FormValue("action") {
	case "set":
		n, perr := strconv.ParseFloat(strings.TrimSpace(c.FormValue("available")), 64)
		if perr != nil || n != n || n > 1e9 || n < -1e9 {
			return s.showUpdateLink(c, fiber.StatusBadRequest, ls, linkSay("update.msg.number"), true)
		}
		if err := directory.SetAvailable(&v, c.FormValue("capacity"), n, now); err != nil {
			return s.showUpdateLink(c, fiber.StatusBadRequest, ls, errorWords(err), true)
		}
		unit := "place"
		if i := slices.IndexFunc(v.Capacities, func(x directory.Capacity) bool { return x.ID == c.FormValue("capacity") }); i >= 0 {
			unit = unitNameOf(v.Capacities[i].Unit)
		}
		action = "update-capacity"
		msg = func(lang string) string {
			return i18n.Load().T(lang, "update.msg.saved", "count", countOf(n), "units", unitWords(lang, unit, n))
		}
	case "confirm":
		directory.ConfirmCapacities(&v, now)
		action, msg = "confirm-capacity", linkSay("update.msg.confirmed")
	default:
		return s.showUpdateLink(c, fiber.StatusBadRequest, ls, linkSay("update.msg.choose"), true)
	}
	if chk := directory.ValidateService(&v); len(chk.Errors) > 0 {
		return s.showUpdateLink(c, fiber.StatusBadRequest, ls, errorWords(chk.Errors), true)
	}
	asReferences(&v)
	e := s.updateLinkEntry(c, ls, action, true, "")
	e.At = time.Time{}
	err = serviceKind.write(c.UserContext(), s.store, &v, store.IfUnchanged(ls.version), store.WithAudit(e),
		store.ViaUpdateLink(ls.link.ID, ls.link.TokenHash))
	switch {
	case errors.Is(err, store.ErrLinkExpired):
		// Revoked or rotated while this post was on its way: nothing was written.
		return s.page(c, fiber.StatusGone, updateLinkPage, "", updateLinkData{Gone: true, Withdrawn: true})
	case errors.Is(err, store.ErrConflict):
		cur, ok, lerr := s.openUpdateLink(c)
		if !ok {
			return lerr
		}
		return s.showUpdateLink(c, fiber.StatusConflict, cur, linkSay("update.msg.moved_on"), true)
	case err != nil:
		return storeWriteError(err)
	}
	if err := s.store.TouchUpdateLink(c.UserContext(), ls.link.ID, now); err != nil {
		return err
	}
	cur, ok, err := s.openUpdateLink(c)
	if !ok {
		return err
	}
	return s.showUpdateLink(c, fiber.StatusOK, cur, msg, false)
}

// errorWords is a refusal of the directory's in the page's language, as one sentence:
// field errors in the catalog's words ("capacities[0].available: cannot be below zero."),
// anything else as it is.
func errorWords(err error) linkMsg {
	return func(lang string) string {
		var fields directory.FieldErrors
		text := err.Error()
		if errors.As(err, &fields) {
			text = fieldErrorsText(lang, fields)
		}
		return strings.TrimSuffix(text, ".") + "."
	}
}

// asReferences reduces the locations and taxonomy terms a stored service embeds to
// references: a link changes the service's own figures only, so the records it shares
// with other listings are never rewritten through it, whatever their stored form.
func asReferences(v *directory.Service) {
	for i := range v.ServiceAtLocations {
		sal := &v.ServiceAtLocations[i]
		if sal.Location != nil {
			if sal.LocationID == "" {
				sal.LocationID = sal.Location.ID
			}
			sal.Location = nil
		}
	}
	for i := range v.Attributes {
		a := &v.Attributes[i]
		if a.TaxonomyTerm != nil {
			if a.TaxonomyTermID == "" {
				a.TaxonomyTermID = a.TaxonomyTerm.ID
			}
			a.TaxonomyTerm = nil
		}
	}
}

// updateLinkEntry is the audit row of a request through the link: no user, and the
// link named as who acted.
func (s *Server) updateLinkEntry(c *fiber.Ctx, ls linkedService, action string, allowed bool, why string) store.AuditEntry {
	detail := "update link " + ls.link.ID
	if why != "" {
		detail += ": " + why
	}
	return auditEntryOf(c, action, "service", ls.svc.ID, allowed, detail)
}

func (s *Server) updateLinkAudit(c *fiber.Ctx, ls linkedService, action string, allowed bool, why string) error {
	return s.store.AppendAudit(c.UserContext(), s.updateLinkEntry(c, ls, action, allowed, why))
}
