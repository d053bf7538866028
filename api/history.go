package api

import (
	"context"
	"encoding/json"
	"errors"
	"slices"

	"github.com/gofiber/fiber/v2"

	"handoff/access"
	"handoff/directory"
	"handoff/store"
)

// The change history of listings: who changed which field of a service, location or
// organization, when and from where (store/history.go records it in every write). Read
// by the listing's agency, coordinators and admins, and served as HSDS metadata.

func (s *Server) historyRoutes(v1 fiber.Router) {
	v1.Get("/services/:id/history", s.listingHistory("service"))
	v1.Get("/locations/:id/history", s.listingHistory("location"))
	v1.Get("/organizations/:id/history", s.listingHistory("organization"))
	s.app.Get("/agency/history", func(c *fiber.Ctx) error { return s.page(c, fiber.StatusOK, "agency-history.html", "", nil) })
}

// changeActorOf is who the history names for a write of the request's user: an admin,
// agency staff signed in to the pages (portal), or an API token.
func changeActorOf(c *fiber.Ctx) directory.ChangeActor {
	p := currentPrincipal(c)
	if p == nil {
		return directory.ChangeActor{Source: directory.ChangeFromAPI}
	}
	a := directory.ChangeActor{UserID: p.UserID, UserName: p.Name, Source: directory.ChangeFromAPI}
	switch {
	case p.Role == access.Admin:
		a.Source = directory.ChangeFromAdmin
	case p.Via == access.ViaSession:
		a.Source = directory.ChangeFromPortal
	}
	return a
}

// listingOwner loads the organization that owns the record entity :id, or answers 404.
func (s *Server) listingOwner(ctx context.Context, entity, id string) (string, error) {
	if !directory.IsUUID(id) {
		return "", errNoListing(entity)
	}
	var org string
	var err error
	switch entity {
	case "service":
		org, err = s.store.ServiceOrganization(ctx, id)
	case "location":
		var l directory.Location
		l, err = s.store.Location(ctx, id)
		org = l.OrganizationID
	default:
		_, err = s.store.Organization(ctx, id, false)
		org = id
	}
	if errors.Is(err, store.ErrNotFound) {
		return "", errNoListing(entity)
	}
	return org, err
}

func errNoListing(entity string) error {
	return notFound(map[string]string{"service": "The service", "location": "The location", "organization": "The organization"}[entity])
}

// historyItem is one row of a listing's history as the API answers it: the row, and who
// in plain words.
type historyItem struct {
	directory.HistoryEntry
	Who string `json:"who"`
}

// listingHistory answers a record's history, newest first, a page at a time.
func (s *Server) listingHistory(entity string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		markScopeChecked(c)
		id := c.Params("id")
		org, err := s.listingOwner(c.UserContext(), entity, id)
		if err != nil {
			return err
		}
		pr := newParams(c)
		page, perPage := pageParams(pr)
		include := ""
		if entity == "service" {
			include = pr.oneOf("include", "", "locations")
		} else if pr.str("include") != "" {
			pr.fail("include", "is taken by a service's history only")
		}
		if err := pr.err(); err != nil {
			return err
		}
		if !currentPrincipal(c).MayReadHistory(org) {
			if err := s.auditDetail(c, "list", "history", id, false, "organization"); err != nil {
				return err
			}
			return problem(fiber.StatusForbidden, "Only coordinators, admins and the staff of the organization that owns this listing see its history.")
		}
		var rows []directory.HistoryEntry
		var total int
		if include == "locations" {
			var sites []string
			if sites, err = s.readableSites(c, id); err == nil {
				rows, total, err = s.store.ServiceHistoryWithLocations(c.UserContext(), id, sites, store.Page{Number: page, PerPage: perPage})
			}
		} else {
			rows, total, err = s.store.ListingHistory(c.UserContext(), entity, id, store.Page{Number: page, PerPage: perPage})
		}
		if err != nil {
			return err
		}
		items := make([]historyItem, len(rows))
		for i, r := range rows {
			items[i] = historyItem{HistoryEntry: r, Who: r.Words()}
		}
		return sendV1Page(c, items, total, page, perPage)
	}
}

// readableSites are the ids of the service's locations whose history the request's user
// may read: a site of another organization, shared with this service, keeps its history
// to its own staff.
func (s *Server) readableSites(c *fiber.Ctx, serviceID string) ([]string, error) {
	svc, err := s.store.Service(c.UserContext(), serviceID)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, sal := range svc.ServiceAtLocations {
		if sal.LocationID == "" || slices.Contains(out, sal.LocationID) {
			continue
		}
		l, err := s.store.Location(c.UserContext(), sal.LocationID)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if currentPrincipal(c).MayReadHistory(l.OrganizationID) {
			out = append(out, l.ID)
		}
	}
	return out, nil
}

// hsdsMetadata is one HSDS 3.0 metadata item: a field's change.
type hsdsMetadata struct {
	ID               string `json:"id"`
	ResourceID       string `json:"resource_id"`
	ResourceType     string `json:"resource_type"`
	LastActionDate   string `json:"last_action_date"`
	LastActionType   string `json:"last_action_type"`
	FieldName        string `json:"field_name"`
	PreviousValue    string `json:"previous_value"`
	ReplacementValue string `json:"replacement_value"`
	UpdatedBy        string `json:"updated_by"`
}

// hsdsMetadataMax bounds the history an HSDS object carries: the latest changes.
const hsdsMetadataMax = 200

// withHistoryMetadata returns the record's metadata (as imported) followed by its
// history, newest first, as HSDS 3.0 metadata items.
func (s *Server) withHistoryMetadata(ctx context.Context, entity, id string, stored json.RawMessage) (json.RawMessage, error) {
	rows, _, err := s.store.ListingHistory(ctx, entity, id, store.Page{Number: 1, PerPage: hsdsMetadataMax})
	if err != nil || len(rows) == 0 {
		return stored, err
	}
	var items []json.RawMessage
	if len(stored) > 0 {
		_ = json.Unmarshal(stored, &items) // a malformed import's metadata is kept out
	}
	for _, r := range rows {
		b, err := json.Marshal(hsdsMetadata{ID: r.ID, ResourceID: r.RecordID, ResourceType: r.RecordType,
			LastActionDate: r.At.UTC().Format("2006-01-02"), LastActionType: r.Action, FieldName: r.Field,
			PreviousValue: r.Before, ReplacementValue: r.After, UpdatedBy: r.Words()})
		if err != nil {
			return nil, err
		}
		items = append(items, b)
	}
	return json.Marshal(items)
}

// hsdsService answers one service with its history as HSDS metadata.
func (s *Server) hsdsService(c *fiber.Ctx) error {
	return sendByID(c, "The service", func(ctx context.Context, id string) (directory.Service, error) {
		v, err := s.store.Service(ctx, id)
		if err != nil {
			return v, err
		}
		v.Metadata, err = s.withHistoryMetadata(ctx, "service", id, v.Metadata)
		return v, err
	})
}
