package api

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"handoff/access"
	"handoff/directory"
	"handoff/store"
)

// The no-login update page of a service (/u/{token}): night staff change the beds with
// one tap on − or +, or type the number and save, and confirm an unchanged count with
// "Still correct". Server-rendered like the agency link page: no script, which the CSP
// would not allow inline anyway. Every change goes through the directory's write, with
// its audit row (who: "update link <id>") and its change-feed row in one transaction,
// so search shows it as soon as the index follows the feed.

var updateLinkPage = template.Must(template.ParseFS(web, "web/update-link.html"))

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

// bedFigure is one capacity figure of the service as the page shows it.
type bedFigure struct {
	ID, Unit, Units, Available, Maximum, Age string
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
		return ls, false, s.renderPage(c, status, updateLinkPage, updateLinkData{Service: "a service", Gone: true, Withdrawn: withdrawn})
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
	return s.showUpdateLink(c, fiber.StatusOK, ls, "", false)
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

// showUpdateLink renders the service's figures with their forms.
func (s *Server) showUpdateLink(c *fiber.Ctx, status int, ls linkedService, msg string, isProblem bool) error {
	svc := &ls.svc
	d := updateLinkData{Service: svc.Name, Message: msg, Problem: isProblem, FormToken: updateFormToken(ls.link.TokenHash, ls.version)}
	if svc.Organization != nil {
		d.Org = svc.Organization.Name
	}
	if st := directory.CapacityStatus(svc); st != "" {
		d.Status = termLabel(directory.TaxonomyCapacityStatus, st)
	}
	now := time.Now()
	for _, x := range svc.Capacities {
		d.Figures = append(d.Figures, bedFigureOf(x, now))
	}
	return s.renderPage(c, status, updateLinkPage, d)
}

func bedFigureOf(x directory.Capacity, now time.Time) bedFigure {
	unit := unitNameOf(x.Unit)
	f := bedFigure{ID: x.ID, Unit: unit, Units: plural(unit), Age: ageText(x.Updated, now)}
	if x.Maximum != nil {
		f.Maximum, f.Max = directory.FormatCount(*x.Maximum), directory.FormatCount(*x.Maximum)
	}
	if x.Available != nil {
		n := *x.Available
		f.Counted, f.Available = true, directory.FormatCount(n)
		if n == 1 && x.Maximum == nil {
			f.Units = unit // "1 bed free"; "1 of 15 beds free" counts the beds of 15
		}
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

// unitsOf is the unit for a count of n: "bed" for one, "beds" for any other.
func unitsOf(unit string, n float64) string {
	if n == 1 {
		return unit
	}
	return plural(unit)
}

func plural(unit string) string {
	if strings.HasSuffix(unit, "s") {
		return unit
	}
	return unit + "s"
}

// ageText says how old a figure is in words: "updated 5 min ago".
func ageText(updated string, now time.Time) string {
	t, err := time.Parse(time.RFC3339, updated)
	if err != nil {
		return "never updated"
	}
	switch d := now.Sub(t); {
	case d < time.Minute:
		return "updated just now"
	case d < time.Hour:
		return "updated " + strconv.Itoa(int(d/time.Minute)) + " min ago"
	case d < 48*time.Hour:
		return "updated " + strconv.Itoa(int(d/time.Hour)) + " h ago"
	default:
		return "updated " + strconv.Itoa(int(d/(24*time.Hour))) + " days ago"
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
		return s.showUpdateLink(c, fiber.StatusForbidden, ls, "This form must be sent from its own page.", true)
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
			return s.showUpdateLink(c, fiber.StatusTooManyRequests, ls, "Too many updates through this link just now. Wait a few minutes, then try again.", true)
		}
		lim.Fail(ls.link.ID, now)
	}
	if !hmac.Equal([]byte(c.FormValue("form_token")), []byte(updateFormToken(ls.link.TokenHash, ls.version))) {
		if err := s.updateLinkAudit(c, ls, "update", false, "form-token"); err != nil {
			return err
		}
		return s.showUpdateLink(c, fiber.StatusConflict, ls, "The count changed since this page was loaded, or the form is not from this page. Here it is as it is now; try again.", true)
	}
	v := ls.svc
	if v.OrganizationID == "" && v.Organization != nil {
		v.OrganizationID = v.Organization.ID
	}
	v.Organization, v.LastModified = nil, ""
	directory.NormalizeService(&v)
	now := time.Now()
	action, msg := "", ""
	switch c.FormValue("action") {
	case "set":
		n, perr := strconv.ParseFloat(strings.TrimSpace(c.FormValue("available")), 64)
		if perr != nil || n != n || n > 1e9 || n < -1e9 {
			return s.showUpdateLink(c, fiber.StatusBadRequest, ls, "available: give the number free now, such as 3.", true)
		}
		if err := directory.SetAvailable(&v, c.FormValue("capacity"), n, now); err != nil {
			return s.showUpdateLink(c, fiber.StatusBadRequest, ls, strings.TrimSuffix(err.Error(), ".")+".", true)
		}
		unit := "place"
		if i := slices.IndexFunc(v.Capacities, func(x directory.Capacity) bool { return x.ID == c.FormValue("capacity") }); i >= 0 {
			unit = unitNameOf(v.Capacities[i].Unit)
		}
		action, msg = "update-capacity", "Saved: "+directory.FormatCount(n)+" "+unitsOf(unit, n)+" free. Search shows it within a second."
	case "confirm":
		directory.ConfirmCapacities(&v, now)
		action, msg = "confirm-capacity", "Thank you: the count is confirmed as correct now."
	default:
		return s.showUpdateLink(c, fiber.StatusBadRequest, ls, "action: choose − or +, save a number, or Still correct.", true)
	}
	if chk := directory.ValidateService(&v); len(chk.Errors) > 0 {
		return s.showUpdateLink(c, fiber.StatusBadRequest, ls, strings.TrimSuffix(chk.Errors.Error(), ".")+".", true)
	}
	asReferences(&v)
	e := s.updateLinkEntry(c, ls, action, true, "")
	e.At = time.Time{}
	err = serviceKind.write(c.UserContext(), s.store, &v, store.IfUnchanged(ls.version), store.WithAudit(e),
		store.ViaUpdateLink(ls.link.ID, ls.link.TokenHash))
	switch {
	case errors.Is(err, store.ErrLinkExpired):
		// Revoked or rotated while this post was on its way: nothing was written.
		return s.renderPage(c, fiber.StatusGone, updateLinkPage, updateLinkData{Service: "a service", Gone: true, Withdrawn: true})
	case errors.Is(err, store.ErrConflict):
		cur, ok, lerr := s.openUpdateLink(c)
		if !ok {
			return lerr
		}
		return s.showUpdateLink(c, fiber.StatusConflict, cur, "Someone changed the count just now. Here it is as it is now; try again.", true)
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
