package api

import (
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"

	"handoff/directory"
	"handoff/store"
)

// capacityRoutes are the capacity routes that are not a listing write.
func (s *Server) capacityRoutes(v1 fiber.Router) {
	v1.Post("/services/:id/capacity-observations", s.addCapacityObservation)
}

// capacityObservationInput is what a peer sends after a call: what they heard. The time
// and the observer are the server's.
type capacityObservationInput struct {
	Available *float64 `json:"available"`
	Maximum   *float64 `json:"maximum"`
	Unit      string   `json:"unit"`
	Note      string   `json:"note"`
}

// addCapacityObservation answers POST /api/v1/services/{id}/capacity-observations: a
// peer who called and heard "two beds left" records it. It is stored beside the
// agency's figures, never over them, and search shows it with the peer's first name and
// its age until it expires.
func (s *Server) addCapacityObservation(c *fiber.Ctx) error {
	id := c.Params("id")
	if !directory.IsUUID(id) {
		return notFound("The service")
	}
	var in capacityObservationInput
	if err := readJSON(c, &in); err != nil {
		return err
	}
	p := currentPrincipal(c)
	o := directory.CapacityObservation{ServiceID: id, Available: in.Available, Maximum: in.Maximum,
		Unit: in.Unit, Note: in.Note, ObserverID: p.UserID, Observer: directory.FirstName(p.Name)}
	directory.NormalizeCapacityObservation(&o)
	if err := directory.ValidateCapacityObservation(&o); err != nil {
		return err
	}
	audit := auditEntryOf(c, "create", "capacity_observation", "", true, "service "+id)
	if err := s.store.AddCapacityObservation(c.UserContext(), &o, time.Now(), audit); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return notFound("The service")
		}
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(o)
}
