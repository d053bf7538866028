package api

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"handoff/access"
)

// Every password hash and check of the server goes through its access.Hasher, which
// runs a few at a time (Options.Hasher): issue 11 #5.

// hashBusy turns the hasher's ErrBusy into a 503 with Retry-After; the password was
// not checked and nothing was changed.
func hashBusy(c *fiber.Ctx, err error) error {
	if errors.Is(err, access.ErrBusy) {
		c.Set(fiber.HeaderRetryAfter, "1")
		return problem(fiber.StatusServiceUnavailable, "The server is busy checking other passwords. Try again in a moment.")
	}
	return err
}

// checkPassword reports whether pw matches the stored hash.
func (s *Server) checkPassword(c *fiber.Ctx, encoded, pw string) (bool, error) {
	ok, err := s.hasher.Check(c.UserContext(), encoded, pw)
	return ok, hashBusy(c, err)
}

// checkUnknownPassword spends on a login for an email without an account what a real
// check spends, through the same slots (so a full server answers both with 503).
func (s *Server) checkUnknownPassword(c *fiber.Ctx, pw string) error {
	return hashBusy(c, s.hasher.CheckUnknown(c.UserContext(), pw))
}

// hashPassword hashes a new password.
func (s *Server) hashPassword(c *fiber.Ctx, pw string) (string, error) {
	h, err := s.hasher.Hash(c.UserContext(), pw)
	return h, hashBusy(c, err)
}
