package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"handoff/care"
	"handoff/care/fhir"
	"handoff/directory"
	"handoff/store"
)

// fhirJSON is FHIR's JSON media type; the FHIR routes answer nothing else.
const fhirJSON = "application/fhir+json"

// fhirPublished is the CapabilityStatement's date: what it states changes only with the
// binary, so the time the process started.
var fhirPublished = time.Now()

// fhirRoutes are the FHIR R4 export of referrals (issue 16): a CapabilityStatement, and
// each referral's Task, ServiceRequest and Bundle, read-only. Who may read a referral is
// the JSON API's rule (routes_policy.go, agencySees, agencyView); errors are FHIR
// OperationOutcomes (see writeOperationOutcome).
func (s *Server) fhirRoutes() {
	g := s.app.Group("/fhir")
	g.Get("/metadata", s.fhirMetadata)
	g.Get("/Task/:id", s.fhirTask)
	g.Get("/ServiceRequest/:id", s.fhirServiceRequest)
	g.Get("/Bundle/:id", s.fhirBundle)
}

// isFHIR reports whether a request is to the FHIR endpoint, whose errors are
// OperationOutcomes rather than problem documents.
func isFHIR(c *fiber.Ctx) bool {
	p := c.Path()
	return p == "/fhir" || strings.HasPrefix(p, "/fhir/")
}

func (s *Server) fhirBase(c *fiber.Ctx) string { return s.baseURL(c) + "/fhir" }

// fhirAccepts answers 406 unless the client takes FHIR JSON: by Accept (FHIR JSON, JSON
// or anything) or by _format (json, application/json or application/fhir+json). XML,
// FHIR's other format, is not served.
func fhirAccepts(c *fiber.Ctx) error {
	if f := c.Query("_format"); f != "" {
		switch f {
		case "json", "application/json", fhirJSON:
			return nil
		}
		return problem(fiber.StatusNotAcceptable, "Only JSON is served: _format=json or application/fhir+json.")
	}
	if c.Get(fiber.HeaderAccept) == "" || c.Accepts(fhirJSON, fiber.MIMEApplicationJSON) != "" {
		return nil
	}
	return problem(fiber.StatusNotAcceptable, "Only FHIR JSON is served: Accept application/fhir+json.")
}

// sendFHIR answers a FHIR resource as application/fhir+json.
func sendFHIR(c *fiber.Ctx, res any) error {
	b, err := json.Marshal(res)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, fhirJSON+"; charset=utf-8")
	return c.Send(b)
}

func (s *Server) fhirMetadata(c *fiber.Ctx) error {
	if err := fhirAccepts(c); err != nil {
		return err
	}
	return sendFHIR(c, fhir.Capability(s.fhirBase(c), "", fhirPublished))
}

func (s *Server) fhirTask(c *fiber.Ctx) error {
	e, err := s.fhirExport(c)
	if err != nil {
		return err
	}
	fhirVersionHeaders(c, e)
	return sendFHIR(c, fhir.Task(e))
}

func (s *Server) fhirServiceRequest(c *fiber.Ctx) error {
	e, err := s.fhirExport(c)
	if err != nil {
		return err
	}
	fhirVersionHeaders(c, e)
	return sendFHIR(c, fhir.ServiceRequest(e))
}

func (s *Server) fhirBundle(c *fiber.Ctx) error {
	e, err := s.fhirExport(c)
	if err != nil {
		return err
	}
	b, err := fhir.Bundle(e)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderLastModified, e.LastModified().UTC().Format(http.TimeFormat))
	return sendFHIR(c, b)
}

// fhirVersionHeaders sets FHIR's version ETag (W/"n", the referral's version) and
// Last-Modified.
func fhirVersionHeaders(c *fiber.Ctx, e *fhir.Export) {
	c.Set(fiber.HeaderETag, `W/"`+strconv.Itoa(e.Referral.Version)+`"`)
	c.Set(fiber.HeaderLastModified, e.LastModified().UTC().Format(http.TimeFormat))
}

// fhirExport reads the referral of the path as the signed-in reader may see it, by the
// JSON API's own rules: agency staff only their organization's sent referrals
// (agencySees, 404 otherwise), and the person, the note and the program's reasons only
// as agencyView shows them, under ids of the referral's own; the program the referral,
// the person and the consent, notes by role (careStore). The read is audited, with the
// person when their details are shown.
func (s *Server) fhirExport(c *fiber.Ctx) (*fhir.Export, error) {
	if err := fhirAccepts(c); err != nil {
		return nil, err
	}
	cs, id, err := s.careRecord(c)
	if err != nil {
		return nil, err
	}
	ctx := c.UserContext()
	e := &fhir.Export{Base: s.fhirBase(c), Now: careClock()}
	var r care.Referral
	if currentPrincipal(c).ScopedToOrganization() {
		if r, err = s.store.Care(s.care.sealer).Referral(ctx, id); err != nil {
			return nil, careError(err, "The referral")
		}
		if err := s.agencySees(c, r); err != nil {
			return nil, err
		}
		v, err := s.agencyView(c, r)
		if err != nil {
			return nil, err
		}
		e.Referral = care.Referral{ID: v.ID, ServiceID: v.ServiceID, OrganizationID: v.OrganizationID, Need: v.Need,
			LevelOfCare: v.LevelOfCare, Mode: v.Mode, Status: v.Status, Outcome: v.Outcome, StatusReason: v.StatusReason,
			Note: v.Note, CreatedAt: v.CreatedAt, RequestedAt: v.RequestedAt, AcceptedAt: v.AcceptedAt, ClosedAt: v.ClosedAt,
			UpdatedAt: v.UpdatedAt, Version: v.Version}
		e.PatientID = fhir.AgencyPatientID(r.ID)
		if v.Person != nil {
			e.Person = &care.Person{DisplayName: v.Person.DisplayName, Phone: v.Person.Phone, PreferredLanguage: v.Person.PreferredLanguage}
			k, err := cs.CoveringConsent(ctx, r.PersonID, r.OrganizationID, e.Now)
			if err != nil {
				return nil, careError(err, "The consent")
			}
			e.Consent, e.ConsentResourceID = &k, fhir.AgencyConsentID(r.ID)
		}
	} else {
		markScopeChecked(c)
		if r, err = cs.Referral(ctx, id); err != nil {
			return nil, careError(err, "The referral")
		}
		e.Referral, e.PatientID = r, r.PersonID
		if r.PersonID != "" {
			p, err := cs.Person(ctx, r.PersonID)
			if err != nil {
				return nil, careError(err, "The person")
			}
			e.Person = &p
		}
		if r.ConsentID != "" {
			k, err := cs.Consent(ctx, r.ConsentID)
			if err != nil {
				return nil, careError(err, "The consent")
			}
			e.Consent, e.ConsentResourceID = &k, k.ID
		}
	}
	if e.PatientID == "" {
		// A referral made from an encounter with no one recorded is still for someone.
		e.PatientID = fhir.AgencyPatientID(r.ID)
	}
	if err := s.fhirDirectory(c, e, r); err != nil {
		return nil, err
	}
	people := []string{}
	if e.Person != nil {
		people = append(people, r.PersonID)
	}
	if err := s.auditLists(c, "read", listed{"referral", []string{id}}, listed{"person", people}); err != nil {
		return nil, err
	}
	return e, nil
}

// fhirDirectory fills what the export takes from the directory and the accounts: the
// service, the receiving organization, and the maker's program role and organization.
// A listing removed since the referral was made leaves the referral's own copy of the
// organization id.
func (s *Server) fhirDirectory(c *fiber.Ctx, e *fhir.Export, r care.Referral) error {
	ctx := c.UserContext()
	if svc, err := s.store.Service(ctx, r.ServiceID); err == nil {
		e.Service = &svc
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	if org, err := s.organizationOrNil(c, r.OrganizationID); err != nil {
		return err
	} else if org != nil {
		e.Organization = org
	}
	e.Requester = fhir.Requester{ID: fhir.RequesterID(r.CreatedBy)}
	if r.CreatedBy == "" || r.CreatedBy == care.LinkActor {
		return nil
	}
	u, err := s.store.UserByID(ctx, r.CreatedBy)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	e.Requester.Role = u.Role
	org, err := s.organizationOrNil(c, u.OrganizationID)
	e.Requester.Organization = org
	return err
}

func (s *Server) organizationOrNil(c *fiber.Ctx, id string) (*directory.Organization, error) {
	if id == "" {
		return nil, nil
	}
	org, err := s.store.Organization(c.UserContext(), id, false)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &org, nil
}

// writeOperationOutcome answers an error of the FHIR routes as FHIR does: an
// OperationOutcome (application/fhir+json) of the same status, its id the request id;
// the rest of the server answers RFC 9457 problem documents for the same errors.
func writeOperationOutcome(c *fiber.Ctx, p *Problem) error {
	var issues []fhir.Issue
	for _, e := range p.Errors {
		issues = append(issues, fhir.Issue{Field: e.Field, Message: e.Message})
	}
	c.Status(p.Status)
	return sendFHIR(c, fhir.OperationOutcome(p.RequestID, p.Status, p.Detail, issues))
}
