package api

import (
	"errors"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"handoff/access"
	"handoff/directory"
	"handoff/store"
)

// Problem reports (public) and suggested edits (the program) of services, and their
// review by the service's agency or an admin. Nothing is applied before approval; an
// approval writes the listing through the normal write path (validation, the state at
// proposal time as its precondition), and the history names the proposer and the
// approver. The rules are directory/suggestion.go's.

// Defaults of the per-address limit of problem reports.
const (
	defaultReportRateLimit = 10 // reports per client address per reportWindow
	reportWindow           = time.Hour
)

func newReportLimit(opts Options) *access.FailureLimit {
	n := opts.ReportRateLimit
	switch {
	case n == 0:
		n = defaultReportRateLimit
	case n < 0:
		return nil
	}
	return access.NewFailureLimit(n, reportWindow)
}

func (s *Server) suggestionRoutes(v1 fiber.Router) {
	v1.Post("/services/:id/reports", s.reportProblem)
	v1.Post("/services/:id/suggestions", s.suggestEdit)
	v1.Get("/suggestions", s.listSuggestions)
	v1.Post("/suggestions/:id/approve", s.approveSuggestion)
	v1.Post("/suggestions/:id/reject", s.rejectSuggestion)
	s.app.Get("/report", func(c *fiber.Ctx) error { return s.page(c, fiber.StatusOK, "report.html", "", nil) })
	s.app.Get("/agency/suggestions", func(c *fiber.Ctx) error { return s.page(c, fiber.StatusOK, "agency-suggestions.html", "", nil) })
}

// reportBody is a public report: what is wrong, a note, and the right number for a
// wrong phone. Nothing about the reporter is asked.
type reportBody struct {
	Problem string `json:"problem"`
	Note    string `json:"note"`
	Phone   string `json:"phone"`
}

// reportProblem stores a public report against a service. A flood from one address is
// refused with 429 and Retry-After before anything is read or stored.
func (s *Server) reportProblem(c *fiber.Ctx) error {
	markScopeChecked(c)
	if lim := s.reports; lim != nil {
		now := time.Now()
		if wait, blocked := lim.Blocked(clientIP(c), now); blocked {
			c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(wait/time.Second)+1))
			return problem(fiber.StatusTooManyRequests, "Too many reports from this address just now. Thank you; please try again later.")
		}
		lim.Fail(clientIP(c), now) // every report counts, not only bad ones
	}
	id, org, err := s.serviceOwner(c)
	if err != nil {
		return err
	}
	var b reportBody
	if err := readJSON(c, &b); err != nil {
		return err
	}
	if err := onlyFields(c.Body(), "problem", "note", "phone"); err != nil {
		return err
	}
	var errs directory.FieldErrors
	if !contains(directory.ProblemKinds(), b.Problem) {
		errs = append(errs, directory.FieldError{Field: "problem", Message: "must be one of wrong-phone, closed, wrong-hours, other"})
	}
	if e := directory.CheckNote("note", b.Note); e != nil {
		errs = append(errs, *e)
	}
	if len(b.Phone) > 40 {
		errs = append(errs, directory.FieldError{Field: "phone", Message: "must be at most 40 characters"})
	}
	if b.Problem == directory.ProblemOther && b.Note == "" {
		errs = append(errs, directory.FieldError{Field: "note", Message: "is required: say what is wrong"})
	}
	if len(errs) > 0 {
		return badRequest(errs...)
	}
	g := directory.Suggestion{ID: directory.NewID(), ServiceID: id, OrganizationID: org, Kind: directory.SuggestionReport,
		Problem: b.Problem, Note: b.Note, CreatedAt: time.Now(), Status: directory.SuggestionPending}
	if changes := directory.ReportChanges(b.Problem, b.Phone); changes != nil {
		svc, err := s.store.Service(c.UserContext(), id)
		if err != nil {
			return err
		}
		proposed, errs := directory.ProposeChanges(svc, changes)
		if len(errs) > 0 {
			for i := range errs {
				errs[i].Field = "problem"
				if b.Problem == directory.ProblemWrongPhone {
					errs[i].Field = "phone"
				}
			}
			return badRequest(errs...)
		}
		g.Changes = proposed
	}
	if err := s.store.AddSuggestion(c.UserContext(), &g, nil); err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"id": g.ID, "status": g.Status})
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// suggestionBody is a suggested edit: field-level proposals and a note.
type suggestionBody struct {
	Changes []directory.ProposedChange `json:"changes"`
	Note    string                     `json:"note"`
}

// suggestEdit stores a peer's or clinician's proposed values of a service's fields,
// checked against the service as it is now; nothing is applied.
func (s *Server) suggestEdit(c *fiber.Ctx) error {
	markScopeChecked(c)
	id, org, err := s.serviceOwner(c)
	if err != nil {
		return err
	}
	var b suggestionBody
	if err := readJSON(c, &b); err != nil {
		return err
	}
	if err := onlyFields(c.Body(), "changes", "note"); err != nil {
		return err
	}
	if e := directory.CheckNote("note", b.Note); e != nil {
		return badRequest(*e)
	}
	for i := range b.Changes {
		b.Changes[i].Before = "" // the server's, from the listing as it is now
	}
	svc, err := s.store.Service(c.UserContext(), id)
	if err != nil {
		return err
	}
	proposed, errs := directory.ProposeChanges(svc, b.Changes)
	if len(errs) > 0 {
		return badRequest(errs...)
	}
	p := currentPrincipal(c)
	g := directory.Suggestion{ID: directory.NewID(), ServiceID: id, OrganizationID: org, Kind: directory.SuggestionEdit,
		Note: b.Note, Changes: proposed, ProposedBy: p.UserID, ProposerName: p.Name, ProposerRole: string(p.Role),
		CreatedAt: time.Now(), Status: directory.SuggestionPending}
	audit := auditEntryOf(c, "suggest", "service", id, true, "suggestion "+g.ID)
	if err := s.store.AddSuggestion(c.UserContext(), &g, &audit); err != nil {
		return err
	}
	c.Location("/api/v1/suggestions/" + g.ID)
	return c.Status(fiber.StatusCreated).JSON(g)
}

// listSuggestions answers the suggestions to review, oldest first: agency staff see
// their own organization's only, admins all.
func (s *Server) listSuggestions(c *fiber.Ctx) error {
	markScopeChecked(c)
	pr := newParams(c)
	f := store.SuggestionFilter{
		Status:    pr.oneOf("status", directory.SuggestionPending, directory.SuggestionPending, directory.SuggestionApproved, directory.SuggestionRejected),
		ServiceID: pr.uuid("service"),
	}
	page, perPage := pageParams(pr)
	if err := pr.err(); err != nil {
		return err
	}
	p := currentPrincipal(c)
	if p.Role != access.Admin {
		if p.OrganizationID == "" {
			return problem(fiber.StatusForbidden, "Your account belongs to no organization.")
		}
		f.OrganizationID = p.OrganizationID
	}
	items, total, err := s.store.Suggestions(c.UserContext(), f, store.Page{Number: page, PerPage: perPage})
	if err != nil {
		return err
	}
	return sendV1Page(c, items, total, page, perPage)
}

// reviewable loads the :id suggestion for its review, or answers 404, 403 (another
// organization's listing, now) or 409 (decided already).
func (s *Server) reviewable(c *fiber.Ctx, action string) (directory.Suggestion, string, error) {
	markScopeChecked(c)
	id := c.Params("id")
	if !directory.IsUUID(id) {
		return directory.Suggestion{}, "", notFound("The suggestion")
	}
	g, err := s.store.Suggestion(c.UserContext(), id)
	if errors.Is(err, store.ErrNotFound) {
		return g, "", notFound("The suggestion")
	} else if err != nil {
		return g, "", err
	}
	org, err := s.store.ServiceOrganization(c.UserContext(), g.ServiceID)
	if errors.Is(err, store.ErrNotFound) {
		return g, "", problem(fiber.StatusGone, "The service this suggestion is about was deleted.")
	} else if err != nil {
		return g, "", err
	}
	if !currentPrincipal(c).MayReviewSuggestions(org) {
		if err := s.auditDetail(c, action, "suggestion", id, false, "organization"); err != nil {
			return g, "", err
		}
		return g, "", problem(fiber.StatusForbidden, "Suggestions are reviewed by the staff of the organization that owns the listing, and by admins.")
	}
	if g.Status != directory.SuggestionPending {
		return g, "", problem(fiber.StatusConflict, "This suggestion was "+g.Status+" already.")
	}
	return g, org, nil
}

// decisionBody is a review's optional reason.
type decisionBody struct {
	Reason string `json:"reason"`
}

func readDecision(c *fiber.Ctx) (decisionBody, error) {
	var b decisionBody
	if len(c.Body()) == 0 {
		return b, nil
	}
	if err := readJSON(c, &b); err != nil {
		return b, err
	}
	if err := onlyFields(c.Body(), "reason"); err != nil {
		return b, err
	}
	if e := directory.CheckNote("reason", b.Reason); e != nil {
		return b, badRequest(*e)
	}
	return b, nil
}

// rejectSuggestion rejects a pending suggestion; the listing is not touched.
func (s *Server) rejectSuggestion(c *fiber.Ctx) error {
	g, _, err := s.reviewable(c, "reject")
	if err != nil {
		return err
	}
	b, err := readDecision(c)
	if err != nil {
		return err
	}
	p := currentPrincipal(c)
	d := store.Decision{SuggestionID: g.ID, Status: directory.SuggestionRejected, By: p.UserID, ByName: p.Name, Reason: b.Reason, At: time.Now()}
	if err := s.store.DecideSuggestion(c.UserContext(), d, auditEntryOf(c, "reject", "suggestion", g.ID, true, "service "+g.ServiceID)); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return problem(fiber.StatusConflict, "This suggestion was decided already.")
		}
		return err
	}
	return s.sendSuggestion(c, g.ID)
}

func (s *Server) sendSuggestion(c *fiber.Ctx, id string) error {
	g, err := s.store.Suggestion(c.UserContext(), id)
	if err != nil {
		return err
	}
	return c.JSON(g)
}
