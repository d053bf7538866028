package api

import (
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"handoff/care"
	"handoff/directory"
	"handoff/store"
)

// The agency portal (/agency): agency staff keep their own organization's listings
// true. The page is an empty shell like "/"; its data comes from the listings route
// here, the capacity route here, and the routes that exist already (checks, update
// links, the agency inbox and referral transitions).

func (s *Server) agencyPortalRoutes(v1 fiber.Router) {
	v1.Get("/agency/listings", s.agencyListings)
	v1.Patch("/services/:id/capacities/:cid", s.patchCapacity)
	s.app.Get("/agency", s.agencyPage)
}

// agencyPage serves the portal's page: the same empty shell for everyone.
func (s *Server) agencyPage(c *fiber.Ctx) error {
	return s.page(c, fiber.StatusOK, "agency.html", "", nil)
}

// portalFigure is a capacity figure as the portal shows it.
type portalFigure struct {
	directory.Capacity
	// UnitName is the unit in words ("bed"), "place" when the figure names none.
	UnitName string `json:"unit_name"`
	// Current is false past the figure's time-to-live: search shows it as unknown.
	Current bool `json:"current"`
}

// portalLocation is where a listing is delivered, in a line.
type portalLocation struct {
	ID      string `json:"id"`
	Name    string `json:"name,omitempty"`
	Address string `json:"address,omitempty"`
}

// portalListing is one of the organization's services in the portal's list.
type portalListing struct {
	ID             string                `json:"id"`
	Name           string                `json:"name"`
	Status         string                `json:"status"`
	ETag           string                `json:"etag"`
	Crisis         bool                  `json:"crisis"`
	CapacityStatus string                `json:"capacity_status,omitempty"`
	Capacities     []portalFigure        `json:"capacities"`
	Locations      []portalLocation      `json:"locations"`
	LastConfirmed  *time.Time            `json:"last_confirmed"`
	Referrals      map[care.Status]int   `json:"referrals"`
	Attention      []directory.Attention `json:"attention"`
}

// portalWord is a code with its words, for the page's choices.
type portalWord struct {
	Code  string `json:"code"`
	Label string `json:"label"`
}

// portalWords are the words the page shows for codes, the same as the agency link
// page's (care/labels.go), so that the two never say different things.
type portalWords struct {
	Outcomes         []portalWord           `json:"outcomes"`
	Statuses         map[care.Status]string `json:"statuses"`
	CapacityStatuses []portalWord           `json:"capacity_statuses"`
	// Needs are the handoff:need labels, for the need a referral names.
	Needs map[string]string `json:"needs"`
}

func portalVocabulary() portalWords {
	w := portalWords{Statuses: map[care.Status]string{}, Needs: map[string]string{}}
	if v, ok := directory.Vocab(directory.TaxonomyNeed); ok {
		for _, t := range v.Terms {
			w.Needs[t.Code] = t.Label
		}
	}
	for _, o := range care.LinkOutcomes() {
		w.Outcomes = append(w.Outcomes, portalWord{Code: string(o), Label: o.Label()})
	}
	for _, st := range care.Statuses() {
		w.Statuses[st] = st.AgencyLabel()
	}
	for _, code := range directory.CapacityStatuses {
		w.CapacityStatuses = append(w.CapacityStatuses, portalWord{Code: code, Label: termLabel(directory.TaxonomyCapacityStatus, code)})
	}
	return w
}

// agencyListings answers GET /api/v1/agency/listings: the signed-in agency user's
// organization's services, the most in need of attention first
// (directory.CompareAttention). The organization is the session's, never a parameter.
func (s *Server) agencyListings(c *fiber.Ctx) error {
	markScopeChecked(c)
	org, ok := currentPrincipal(c).ListingsOrganization()
	if !ok {
		return problem(fiber.StatusForbidden, "Only staff of an organization have listings in the agency portal.")
	}
	ctx := c.UserContext()
	ls, err := s.store.AgencyListings(ctx, org)
	if err != nil {
		return err
	}
	now := time.Now()
	type row struct {
		state directory.ListingState
		view  portalListing
	}
	rows := make([]row, 0, len(ls))
	for _, l := range ls {
		v, err := portalListingOf(l, now)
		if err != nil {
			return err
		}
		st := directory.ListingState{Name: l.Service.Name, Crisis: l.Crisis, Capacities: l.Service.Capacities,
			LastConfirmed: l.LastConfirmed, NewReferrals: l.Referrals[care.StatusRequested]}
		v.Attention = directory.ListingAttention(st, now, 0)
		rows = append(rows, row{st, v})
	}
	slices.SortStableFunc(rows, func(a, b row) int {
		return directory.CompareAttention(a.state, b.state, a.view.Attention, b.view.Attention)
	})
	items := make([]portalListing, len(rows))
	for i, r := range rows {
		items[i] = r.view
	}
	name := ""
	if o, err := s.store.Organization(ctx, org, false); err == nil {
		name = o.Name
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return c.JSON(map[string]any{
		"organization": map[string]string{"id": org, "name": name},
		"items":        items,
		"words":        portalVocabulary(),
	})
}

// portalListingOf builds the portal's view of one listing, without its attention.
func portalListingOf(l store.AgencyListing, now time.Time) (portalListing, error) {
	svc := &l.Service
	etag, err := etagOf(*svc)
	if err != nil {
		return portalListing{}, err
	}
	v := portalListing{ID: svc.ID, Name: svc.Name, Status: svc.Status, ETag: etag, Crisis: l.Crisis,
		CapacityStatus: directory.CapacityStatus(svc), Capacities: []portalFigure{}, Locations: []portalLocation{},
		Referrals: l.Referrals}
	if !l.LastConfirmed.IsZero() {
		t := l.LastConfirmed
		v.LastConfirmed = &t
	}
	for _, x := range svc.Capacities {
		f := portalFigure{Capacity: x, UnitName: unitNameOf(x.Unit)}
		if t, ok := directory.CapacityUpdated(&x); ok {
			f.Current = directory.CapacityCurrent(t, directory.CapacityTTL(&x, 0), now)
		}
		v.Capacities = append(v.Capacities, f)
	}
	for _, sal := range svc.ServiceAtLocations {
		pl := portalLocation{ID: sal.LocationID}
		if loc := sal.Location; loc != nil {
			pl.ID, pl.Name = loc.ID, loc.Name
			if len(loc.Addresses) > 0 {
				a := loc.Addresses[0]
				pl.Address = strings.Join(slices.DeleteFunc([]string{a.Address1, a.City}, func(s string) bool { return s == "" }), ", ")
			}
		}
		v.Locations = append(v.Locations, pl)
	}
	return v, nil
}

// capacityPatch is what the portal sends for one figure; absent members stay.
type capacityPatch struct {
	Available *float64 `json:"available"`
	Maximum   *float64 `json:"maximum"`
	Status    string   `json:"status"`
}

// patchCapacity answers PATCH /api/v1/services/{id}/capacities/{cid}: agency staff (or
// an admin) set one figure's count, maximum and the service's capacity status in one
// save, credited to the portal. With If-Match (the listing's ETag) a service changed
// since is 412 and nothing is written. Answers the service as stored, with its ETag.
func (s *Server) patchCapacity(c *fiber.Ctx) error {
	old, opts, err := loadForChange(s, c, serviceKind, "update")
	if err != nil {
		return err
	}
	var in capacityPatch
	if err := readStrictJSON(c, &in); err != nil {
		return err
	}
	v := old
	if v.OrganizationID == "" && v.Organization != nil {
		v.OrganizationID = v.Organization.ID
	}
	v.Organization, v.LastModified = nil, ""
	directory.NormalizeService(&v)
	if err := directory.SetCapacity(&v, c.Params("cid"), directory.CapacityChange{Available: in.Available,
		Maximum: in.Maximum, Status: strings.TrimSpace(in.Status)}, time.Now()); err != nil {
		var fe directory.FieldErrors
		if errors.As(err, &fe) && len(fe) == 1 && fe[0].Field == "capacity" {
			return notFound("The capacity figure")
		}
		return err
	}
	if chk := directory.ValidateService(&v); len(chk.Errors) > 0 {
		return chk.Errors
	}
	asReferences(&v)
	// The history names the person and the portal, as for any other edit of theirs.
	opts = append(opts, listingAudit(c, "update-capacity", "service", v.ID), store.ChangedBy(changeActorOf(c)))
	err = serviceKind.write(c.UserContext(), s.store, &v, opts...)
	switch {
	case errors.Is(err, store.ErrConflict):
		return preconditionFailed()
	case err != nil:
		return storeWriteError(err)
	}
	return sendListing(s, c, serviceKind, v.ID, fiber.StatusOK)
}
