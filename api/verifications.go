package api

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"handoff/directory"
	"handoff/store"
)

// The checks of listings (verifications) and the freshness queue that asks for them.
// A check is not an edit: it records who confirmed a service, how and what they found,
// and a confirmation moves the service's assured_date (store.RecordVerification).

func (s *Server) verificationRoutes(v1 fiber.Router) {
	v1.Post("/services/:id/verifications", s.recordVerification)
	v1.Get("/services/:id/verifications", s.listVerifications)
	v1.Get("/freshness-queue", s.freshnessQueue)
	s.app.Get("/freshness", s.freshnessPage)
}

// verificationBody is what a client sends: how and what. Who and when are the server's.
type verificationBody struct {
	Method string `json:"method"`
	Result string `json:"result"`
	Note   string `json:"note"`
}

// serviceOwner loads the owner of the :id service, or answers 404.
func (s *Server) serviceOwner(c *fiber.Ctx) (id, org string, err error) {
	id = c.Params("id")
	if !directory.IsUUID(id) {
		return "", "", notFound("The service")
	}
	org, err = s.store.ServiceOrganization(c.UserContext(), id)
	if errors.Is(err, store.ErrNotFound) {
		return "", "", notFound("The service")
	}
	return id, org, err
}

// onlyFields refuses a JSON object with members other than names, naming the first:
// who and when are the server's, and a client that sends them must not believe they
// were kept.
func onlyFields(body []byte, names ...string) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil {
		return badRequest(directory.FieldError{Field: "body", Message: "must be a JSON object"})
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if !slices.Contains(names, k) {
			return badRequest(directory.FieldError{Field: k, Message: "is not a field of a check; send " + strings.Join(names, ", ")})
		}
	}
	return nil
}

// recordVerification records a check of a service: agency staff confirm their own
// organization's listings (self-confirm), coordinators and admins check any by any
// method. Bad input is a 400 naming the field, and changes nothing.
func (s *Server) recordVerification(c *fiber.Ctx) error {
	markScopeChecked(c)
	id, org, err := s.serviceOwner(c)
	if err != nil {
		return err
	}
	var b verificationBody
	if err := readJSON(c, &b); err != nil {
		return err
	}
	if err := onlyFields(c.Body(), "method", "result", "note"); err != nil {
		return err
	}
	v := directory.Verification{ID: directory.NewID(), ServiceID: id, Method: b.Method, Result: b.Result, Note: b.Note}
	if errs := directory.ValidateVerification(&v); len(errs) > 0 {
		return badRequest(errs...)
	}
	p := currentPrincipal(c)
	if !p.MayCheckListing(org, v.Method) {
		if err := s.auditDetail(c, "verify", "service", id, false, "organization or method"); err != nil {
			return err
		}
		pr := problem(fiber.StatusForbidden, "Agency staff confirm their own organization's listings (method self-confirm); coordinators and admins check any listing.")
		pr.Errors = []directory.FieldError{{Field: "method", Message: "not allowed for this account on this listing"}}
		return pr
	}
	v.ByUserID, v.ByName, v.ByRole = p.UserID, p.Name, string(p.Role)
	v.OrganizationID = org // the organization allowed above; the store re-checks it
	if err := s.store.RecordVerification(c.UserContext(), &v, listingAudit(c, "verify", "service", id)); err != nil {
		switch {
		case errors.Is(err, store.ErrNotFound):
			return notFound("The service")
		case errors.Is(err, store.ErrConflict):
			return problem(fiber.StatusConflict, "The listing moved to another organization while this check was being recorded; read it again.")
		}
		return err
	}
	c.Location("/api/v1/services/" + id + "/verifications")
	return c.Status(fiber.StatusCreated).JSON(v)
}

// listVerifications answers a service's checks, newest first: to coordinators, admins
// and the staff of the organization that owns it.
func (s *Server) listVerifications(c *fiber.Ctx) error {
	markScopeChecked(c)
	id, org, err := s.serviceOwner(c)
	if err != nil {
		return err
	}
	pr := newParams(c)
	page, perPage := pageParams(pr)
	if err := pr.err(); err != nil {
		return err
	}
	if !currentPrincipal(c).MayReadChecks(org) {
		if err := s.auditDetail(c, "list", "verification", id, false, "organization"); err != nil {
			return err
		}
		return problem(fiber.StatusForbidden, "Only coordinators, admins and the staff of the organization that owns this listing see its checks.")
	}
	items, total, err := s.store.Verifications(c.UserContext(), id, store.Page{Number: page, PerPage: perPage})
	if err != nil {
		return err
	}
	return sendV1Page(c, items, total, page, perPage)
}

// queueItem is one listing of the freshness queue.
type queueItem struct {
	ServiceID        string                      `json:"service_id"`
	Name             string                      `json:"name"`
	OrganizationID   string                      `json:"organization_id,omitempty"`
	OrganizationName string                      `json:"organization_name,omitempty"`
	Phone            string                      `json:"phone,omitempty"`
	Crisis           bool                        `json:"crisis"`
	LastConfirmed    *time.Time                  `json:"last_confirmed"`
	OpenFlags        int                         `json:"open_flags"`
	Reasons          []directory.FreshnessReason `json:"reasons"`
}

// freshnessQueue lists the listings most in need of a check, in directory.Freshness's
// order, a page at a time. The whole queue is ordered in memory: a regional directory's
// few thousand listings take milliseconds, and the rule stays one pure function.
func (s *Server) freshnessQueue(c *fiber.Ctx) error {
	pr := newParams(c)
	page, perPage := pageParams(pr)
	if err := pr.err(); err != nil {
		return err
	}
	now := time.Now()
	facts, err := s.store.FreshnessFacts(c.UserContext(), now, s.unansweredAfter())
	if err != nil {
		return err
	}
	all := directory.Freshness(facts, now)
	start := min((page-1)*perPage, len(all))
	end := min(start+perPage, len(all))
	items := make([]queueItem, 0, end-start)
	for _, it := range all[start:end] {
		q := queueItem{ServiceID: it.ServiceID, Name: it.Name, OrganizationID: it.OrganizationID,
			OrganizationName: it.OrgName, Phone: it.Phone, Crisis: it.Crisis, OpenFlags: it.OpenFlags, Reasons: it.Reasons}
		if !it.LastConfirmed.IsZero() {
			t := it.LastConfirmed
			q.LastConfirmed = &t
		}
		items = append(items, q)
	}
	return sendV1Page(c, items, len(all), page, perPage)
}

// unansweredAfter is how long a referral may wait unanswered before it flags its listing.
func (s *Server) unansweredAfter() time.Duration {
	if s.opts.ReferralUnansweredAfter > 0 {
		return s.opts.ReferralUnansweredAfter
	}
	return directory.DefaultReferralUnansweredAfter
}

// freshnessPage is the coordinators' queue page: an empty shell like "/", whose data
// comes from the routes above.
func (s *Server) freshnessPage(c *fiber.Ctx) error {
	return s.page(c, fiber.StatusOK, "freshness.html", "", nil)
}
