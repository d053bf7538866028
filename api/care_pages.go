package api

import (
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"handoff/care"
	"handoff/directory"
	"handoff/i18n"
	"handoff/store"
)

// The no-login pages are server-rendered in the chrome (pages.go): no script is needed,
// and the CSP forbids inline script and style anyway.
const (
	agencyLinkPage   = "agency-link.html"
	resourceListPage = "resource-list.html"
)

// carePageRoutes are the public pages a link opens: the agency's referral page and the
// person's resource list. The token in the path is the credential.
func (s *Server) carePageRoutes() {
	s.app.Get("/r/:token", s.agencyLinkGet)
	s.app.Post("/r/:token", s.agencyLinkPost)
	s.app.Get("/l/:token", s.resourceListGet)
}

type agencyLinkData struct {
	Service, Message, Sent, FormToken string
	R                                 agencyReferral
	Gone, Accept, Decline, End        bool
	// Withdrawn: the link was replaced by a reissue or withdrawn by the program, not
	// merely expired.
	Withdrawn bool
	// The referral in plain words: no codes on this page.
	Status, Need, Level, Outcome string
	// Ends are the choices of what happened, once accepted (care.LinkOutcomes).
	Ends []linkEnd
	// PrefersLanguage is the person's preferred language, named in the page's.
	PrefersLanguage string
}

// linkMsg is a notice for the agency link page, in the page's language.
type linkMsg func(lang string) string

// linkSay is a catalog notice without variables.
func linkSay(key string) linkMsg {
	return func(lang string) string { return i18n.Load().T(lang, key) }
}

// linkEnd is one choice of what happened: the outcome code is the form's value, the
// label what the page shows.
type linkEnd struct {
	Value, Label string
}

// linkReferral finds the referral an agency link opens; a bad, unknown or expired token
// is rendered as a page (404 or 410), never as JSON.
func (s *Server) linkReferral(c *fiber.Ctx) (care.Referral, bool, error) {
	if s.care.sealer == nil {
		return care.Referral{}, false, s.page(c, fiber.StatusServiceUnavailable, agencyLinkPage, "",
			agencyLinkData{Service: s.aService(c), Gone: true})
	}
	tok := c.Params("token")
	if !care.TokenLooksValid(care.PrefixAgencyLink, tok) {
		return care.Referral{}, false, s.page(c, fiber.StatusNotFound, agencyLinkPage, "", agencyLinkData{Service: s.aService(c), Gone: true})
	}
	r, err := s.store.Care(s.care.sealer).ReferralByAgencyLink(c.UserContext(), tok, time.Now())
	switch {
	case errors.Is(err, store.ErrNotFound):
		return r, false, s.page(c, fiber.StatusNotFound, agencyLinkPage, "", agencyLinkData{Service: s.aService(c), Gone: true})
	case errors.Is(err, store.ErrLinkWithdrawn):
		// Replaced or withdrawn by the program: the agency is told so, and whom to ask.
		return r, false, s.page(c, fiber.StatusGone, agencyLinkPage, "", agencyLinkData{Service: s.aService(c), Gone: true, Withdrawn: true})
	case errors.Is(err, store.ErrLinkExpired):
		return r, false, s.page(c, fiber.StatusGone, agencyLinkPage, "", agencyLinkData{Service: s.aService(c), Gone: true})
	case err != nil:
		return r, false, err
	}
	return r, true, nil
}

func (s *Server) agencyLinkGet(c *fiber.Ctx) error {
	r, ok, err := s.linkReferral(c)
	if !ok {
		return err
	}
	return s.showAgencyLink(c, fiber.StatusOK, r, nil)
}

// showAgencyLink renders the referral's page. Every rendering shows what the agency may
// see of the person, so every one, the form's re-renders included, is audited as a read.
func (s *Server) showAgencyLink(c *fiber.Ctx, status int, r care.Referral, msg linkMsg) error {
	v, err := s.agencyView(c, r)
	if err != nil {
		return err
	}
	if err := s.auditDetail(c, "read", "referral", r.ID, true, "agency-link"); err != nil {
		return err
	}
	lang := s.pageLang(c, "")
	cat := i18n.Load()
	d := agencyLinkData{Service: s.aService(c), R: v,
		Sent:      cat.DateTime(lang, r.CreatedAt.In(care.DefaultZone())),
		FormToken: s.formToken(r.AgencyLinkHash, r.Version),
		Status:    statusWords(lang, r.Status), Need: codeWords(lang, "pub.need.", directory.TaxonomyNeed, r.Need),
		Level: codeWords(lang, "pub.level.", directory.TaxonomyLevelOfCare, r.LevelOfCare)}
	if msg != nil {
		d.Message = msg(lang)
	}
	if r.Outcome != "" {
		d.Outcome = outcomeWords(lang, r.Outcome)
	}
	if v.Person != nil && v.Person.PreferredLanguage != "" {
		d.PrefersLanguage = languageName(lang, v.Person.PreferredLanguage)
	}
	if svcs, err := s.store.Services(c.UserContext(), []string{r.ServiceID}); err == nil && len(svcs) == 1 {
		d.Service = svcs[0].Name
	}
	d.Accept = care.CanMove(r.Status, care.StatusAccepted)
	d.Decline = care.CanMove(r.Status, care.StatusRejected)
	// Once accepted, the agency says what happened, and that ends the referral.
	d.End = care.CanMove(r.Status, care.StatusCompleted) && care.CanMove(r.Status, care.StatusFailed)
	for _, o := range care.LinkOutcomes() {
		d.Ends = append(d.Ends, linkEnd{Value: string(o), Label: outcomeWords(lang, o)})
	}
	return s.page(c, status, agencyLinkPage, "", d)
}

// termLabel is a code of a Handoff vocabulary in words ("Crisis stabilization"); the
// code itself if the vocabulary has no such term.
func termLabel(taxonomy, code string) string {
	if v, ok := directory.Vocab(taxonomy); ok {
		for _, t := range v.Terms {
			if t.Code == code {
				return t.Label
			}
		}
	}
	return code
}

// linkActions are the form's actions and the status each moves to; "end" moves to the
// status its outcome implies (see linkMove). "complete" is the earlier form's name for
// it, still accepted from a page loaded before.
var linkActions = map[string]care.Status{"accept": care.StatusAccepted, "decline": care.StatusRejected, "end": "", "complete": ""}

// linkMove decides the move the page's form asks for: accept and decline as they say;
// end with an outcome, to the status the outcome implies (care.EndFor), with the
// outcome's words as the reason when the agency gave none (a failure needs one). ok is
// false when the form is not one of these.
func linkMove(action string, outcome care.Outcome, reason string, from care.Status) (care.Status, string, bool) {
	to, ok := linkActions[action]
	if !ok {
		return "", "", false
	}
	if to == "" {
		if !slices.Contains(care.LinkOutcomes(), outcome) {
			return "", "", false
		}
		to = care.EndFor(outcome, from)
		if strings.TrimSpace(reason) == "" && to != care.StatusCompleted {
			reason = outcome.Label()
		}
	}
	return to, reason, care.LinkMayMove(to)
}

// agencyLinkPost applies the page's form. Its CSRF defence: the form token binds the
// link and the referral's version (see formToken), and browsers that say the post came
// from another site are refused.
func (s *Server) agencyLinkPost(c *fiber.Ctx) error {
	r, ok, err := s.linkReferral(c)
	if !ok {
		return err
	}
	if site := c.Get("Sec-Fetch-Site"); site == "cross-site" {
		return s.showAgencyLink(c, fiber.StatusForbidden, r, linkSay("link.msg.cross_site"))
	}
	if !s.formTokenOK(c.FormValue("form_token"), r.AgencyLinkHash, r.Version) {
		if err := s.auditDetail(c, "transition", "referral", r.ID, false, "form-token"); err != nil {
			return err
		}
		return s.showAgencyLink(c, fiber.StatusConflict, r, linkSay("link.msg.changed"))
	}
	outcome := care.Outcome(c.FormValue("outcome"))
	to, reason, ok := linkMove(c.FormValue("action"), outcome, c.FormValue("reason"), r.Status)
	if !ok {
		return s.showAgencyLink(c, fiber.StatusBadRequest, r, linkSay("link.msg.choose"))
	}
	// The move appends its audit row, with the page as detail, in its own transaction.
	cs := s.store.Care(s.care.sealer).Audited(careAuditTemplate(c, "agency-link"))
	moved, err := cs.TransitionReferral(c.UserContext(), r.ID, store.ReferralMove{To: to,
		Reason: reason, Outcome: outcome, By: care.LinkActor, At: careClock(), IfVersion: r.Version})
	var fields directory.FieldErrors
	var te *care.TransitionError
	switch {
	case errors.As(err, &fields):
		return s.showAgencyLink(c, fiber.StatusBadRequest, r, func(lang string) string {
			return strings.TrimSuffix(fieldErrorsText(lang, fields), ".") + "."
		})
	case errors.As(err, &te), errors.Is(err, store.ErrConflict):
		if cur, lerr := s.store.Care(s.care.sealer).Referral(c.UserContext(), r.ID); lerr == nil {
			r = cur
		}
		return s.showAgencyLink(c, fiber.StatusConflict, r, linkSay("link.msg.moved_on"))
	case err != nil:
		return err
	}
	msg := func(lang string) string {
		if moved.Status.Closed() && moved.Outcome != "" {
			return i18n.Load().T(lang, "link.msg.closed", "outcome", outcomeWords(lang, moved.Outcome))
		}
		return i18n.Load().T(lang, "link.msg.now", "status", statusWords(lang, moved.Status))
	}
	return s.showAgencyLink(c, fiber.StatusOK, moved, msg)
}

type resourceListData struct {
	Expires string
	Gone    bool
	Items   []resourceItem
}

type resourceItem struct {
	Name, Org, How string
	Phones         []string
	Places         []resourcePlace
}

type resourcePlace struct {
	Address string
	Hours   []string
}

// resourceListGet shows a shared list: names, addresses, phones and hours, nothing
// about the person it was made for.
func (s *Server) resourceListGet(c *fiber.Ctx) error {
	tok := c.Params("token")
	if !care.TokenLooksValid(care.PrefixResourceList, tok) {
		return s.page(c, fiber.StatusNotFound, resourceListPage, "", resourceListData{Gone: true})
	}
	l, err := s.store.Care(nil).ResourceListByToken(c.UserContext(), tok, time.Now())
	switch {
	case errors.Is(err, store.ErrNotFound):
		return s.page(c, fiber.StatusNotFound, resourceListPage, "", resourceListData{Gone: true})
	case errors.Is(err, store.ErrLinkExpired):
		return s.page(c, fiber.StatusGone, resourceListPage, "", resourceListData{Gone: true})
	case err != nil:
		return err
	}
	svcs, err := s.store.Services(c.UserContext(), l.ServiceIDs)
	if err != nil {
		return err
	}
	// The list speaks the language it was made in (the person's), unless the person
	// switches on the page.
	lang := s.pageLang(c, l.Language)
	d := resourceListData{Expires: i18n.Load().Date(lang, l.ExpiresAt.In(care.DefaultZone()))}
	for i := range svcs {
		d.Items = append(d.Items, resourceItemOf(lang, &svcs[i]))
	}
	return s.page(c, fiber.StatusOK, resourceListPage, l.Language, d)
}

func resourceItemOf(lang string, svc *directory.Service) resourceItem {
	// How to get help there: for a walk-in service without a listed address, the
	// listing's application process says whom to ask.
	it := resourceItem{Name: svc.Name, How: svc.ApplicationProcess}
	if svc.Organization != nil {
		it.Org = svc.Organization.Name
	}
	seen := map[string]bool{}
	addPhone := func(ps []directory.Phone) {
		for _, p := range ps {
			if p.Number != "" && !seen[p.Number] {
				seen[p.Number] = true
				it.Phones = append(it.Phones, p.Number)
			}
		}
	}
	addPhone(svc.Phones)
	for i := range svc.ServiceAtLocations {
		sal := &svc.ServiceAtLocations[i]
		addPhone(sal.Phones)
		var pl resourcePlace
		if loc := sal.Location; loc != nil {
			addPhone(loc.Phones)
			for _, a := range loc.Addresses {
				pl.Address = strings.Join(nonEmpty(a.Address1, a.Address2, a.City, strings.TrimSpace(a.StateProvince+" "+a.PostalCode)), ", ")
				break
			}
		}
		pl.Hours = hoursText(lang, directory.LocalHours(svc, sal))
		if pl.Address != "" || len(pl.Hours) > 0 {
			it.Places = append(it.Places, pl)
		}
	}
	if len(svc.ServiceAtLocations) == 0 {
		if h := hoursText(lang, svc.Schedules); len(h) > 0 {
			it.Places = append(it.Places, resourcePlace{Hours: h})
		}
	}
	return it
}

func nonEmpty(parts ...string) []string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// hoursText writes schedule rows for people, as every page does (directory.DescribeHours):
// "Mon–Fri 9 am–5 pm", "Fri 8 pm–2 am (next day)", "closed 25 Dec 2026".
func hoursText(lang string, rows []directory.Schedule) []string {
	return directory.DescribeHoursIn(i18n.Load().Words(lang), rows)
}
