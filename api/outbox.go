package api

import (
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"handoff/directory"
	"handoff/notify"
	"handoff/store"
)

// The outbox's routes (issue 16): an organization's notice addresses (the agency
// portal's "Notices" section, or an admin), the admins' list of deliveries with their
// attempts and the replay of dead ones, and one's own in-app notices (the follow-up
// list's). Webhook receivers are in webhooks.go.

func (s *Server) outboxRoutes(v1 fiber.Router) {
	v1.Get("/organizations/:id/notice-addresses", s.listNoticeAddresses)
	v1.Put("/organizations/:id/notice-addresses", s.setNoticeAddresses)
	v1.Get("/outbox", s.listDeliveries)
	v1.Get("/outbox/:id", s.getDelivery)
	v1.Post("/outbox/:id/replay", s.replayDelivery)
	v1.Get("/me/notices", s.listMyNotices)
	v1.Post("/me/notices/:id/read", s.readMyNotice)
	s.webhookRoutes(v1)
}

// noticeOrganization reads the organization of the path and checks that the caller may
// keep its notice addresses: 404 for a malformed id, 403 (audited) otherwise.
func (s *Server) noticeOrganization(c *fiber.Ctx, action string) (string, error) {
	markScopeChecked(c)
	id := c.Params("id")
	if !directory.IsUUID(id) {
		return "", notFound("The organization")
	}
	if currentPrincipal(c).MayManageNotices(id) {
		return id, nil
	}
	if err := s.auditDetail(c, action, "notice_addresses", id, false, "organization"); err != nil {
		return "", err
	}
	return "", problem(fiber.StatusForbidden, "Only an admin or the organization's own staff may see or change where its notices go.")
}

// noticeAddressesView is an organization's notice addresses and the events it may choose.
type noticeAddressesView struct {
	Addresses []store.NoticeAddress `json:"addresses"`
	Events    []notify.Kind         `json:"events"`
}

func (s *Server) listNoticeAddresses(c *fiber.Ctx) error {
	org, err := s.noticeOrganization(c, "read")
	if err != nil {
		return err
	}
	as, err := s.store.NoticeAddresses(c.UserContext(), org)
	if err != nil {
		return err
	}
	return c.JSON(noticeAddressesView{Addresses: as, Events: notify.OrganizationKinds()})
}

// noticeAddressBody is one address as a client sends it.
type noticeAddressBody struct {
	Channel string   `json:"channel"`
	Address string   `json:"address"`
	Events  []string `json:"events"`
}

// maxNoticeAddresses bounds an organization's addresses: a shared inbox or two, a few numbers.
const maxNoticeAddresses = 20

// setNoticeAddresses replaces the organization's notice addresses: {"addresses": [{channel,
// address, events}]}. Email addresses must parse; numbers are digits with an optional +;
// events must be among those an organization may choose. Audited.
func (s *Server) setNoticeAddresses(c *fiber.Ctx) error {
	org, err := s.noticeOrganization(c, "update")
	if err != nil {
		return err
	}
	var b struct {
		Addresses []noticeAddressBody `json:"addresses"`
	}
	if err := readStrictJSON(c, &b); err != nil {
		return err
	}
	as, errs := checkNoticeAddresses(b.Addresses)
	if len(errs) > 0 {
		return badRequest(errs...)
	}
	err = s.store.SetNoticeAddresses(c.UserContext(), org, as, auditEntryOf(c, "update", "notice_addresses", org, true, ""))
	if errors.Is(err, store.ErrNotFound) {
		return notFound("The organization")
	} else if err != nil {
		return err
	}
	return s.listNoticeAddresses(c)
}

// checkNoticeAddresses validates and normalizes the addresses, naming each bad field.
func checkNoticeAddresses(in []noticeAddressBody) ([]store.NoticeAddress, directory.FieldErrors) {
	var errs directory.FieldErrors
	if len(in) > maxNoticeAddresses {
		return nil, directory.FieldErrors{{Field: "addresses", Message: fmt.Sprintf("must hold at most %d addresses", maxNoticeAddresses)}}
	}
	seen := map[string]bool{}
	out := make([]store.NoticeAddress, 0, len(in))
	now := time.Now()
	for i, a := range in {
		field := fmt.Sprintf("addresses[%d]", i)
		a.Address = strings.TrimSpace(a.Address)
		switch a.Channel {
		case string(notify.Email):
			if m, err := mail.ParseAddress(a.Address); err != nil || m.Address != a.Address || len(a.Address) > 254 {
				errs = append(errs, directory.FieldError{Field: field + ".address", Message: "must be an email address such as intake@example.org"})
			} else {
				a.Address = strings.ToLower(a.Address)
			}
		case string(notify.SMS):
			if !phoneNumber(a.Address) {
				errs = append(errs, directory.FieldError{Field: field + ".address", Message: "must be a phone number in international form, such as +14135550100"})
			}
		default:
			errs = append(errs, directory.FieldError{Field: field + ".channel", Message: "must be email or sms"})
		}
		kinds := notify.ParseKinds(strings.Join(a.Events, " "))
		if bad := kinds.Unknown(notify.OrganizationKinds()); len(bad) > 0 || len(a.Events) == 0 {
			errs = append(errs, directory.FieldError{Field: field + ".events", Message: "must name one or more of " + kindList(notify.OrganizationKinds())})
		}
		if seen[a.Channel+" "+a.Address] {
			errs = append(errs, directory.FieldError{Field: field + ".address", Message: "is listed twice"})
		}
		seen[a.Channel+" "+a.Address] = true
		out = append(out, store.NoticeAddress{ID: directory.NewID(), Channel: a.Channel, Address: a.Address, Events: kinds, CreatedAt: now})
	}
	return out, errs
}

// phoneNumber accepts E.164: a + and 8 to 15 digits.
func phoneNumber(s string) bool {
	rest, ok := strings.CutPrefix(s, "+")
	if !ok || len(rest) < 8 || len(rest) > 15 {
		return false
	}
	for _, r := range rest {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func kindList(ks []notify.Kind) string {
	s := make([]string, len(ks))
	for i, k := range ks {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

// listDeliveries answers the outbox's deliveries, newest first, each with its attempts:
// ?status=dead is the dead-letter list; channel, kind and receiver (a webhook's id)
// narrow it.
func (s *Server) listDeliveries(c *fiber.Ctx) error {
	p := newParams(c)
	status := p.oneOf("status", "", "", "pending", "sending", "sent", "dead", "skipped")
	channel := p.oneOf("channel", "", "", string(notify.Email), string(notify.SMS), string(notify.Webhook))
	receiver := p.str("receiver")
	kind := p.str("kind")
	page, perPage := pageParams(p)
	if err := p.err(); err != nil {
		return err
	}
	ds, total, err := s.store.Deliveries(c.UserContext(), store.DeliveryFilter{Status: status, Channel: channel, Receiver: receiver, Kind: kind},
		store.Page{Number: page, PerPage: perPage})
	if err != nil {
		return err
	}
	return sendV1Page(c, ds, total, page, perPage)
}

func (s *Server) getDelivery(c *fiber.Ctx) error {
	id := c.Params("id")
	if !directory.IsUUID(id) {
		return notFound("The delivery")
	}
	d, err := s.store.Delivery(c.UserContext(), id)
	if errors.Is(err, store.ErrNotFound) {
		return notFound("The delivery")
	} else if err != nil {
		return err
	}
	return c.JSON(d)
}

// replayDelivery puts a dead delivery back in the queue with a fresh set of attempts;
// one that is not dead is a 409. A webhook receiver that was paused stays paused until
// it is resumed (PATCH /webhooks/{id}).
func (s *Server) replayDelivery(c *fiber.Ctx) error {
	id := c.Params("id")
	if !directory.IsUUID(id) {
		return notFound("The delivery")
	}
	err := s.store.ReplayDelivery(c.UserContext(), id, time.Now(), auditEntryOf(c, "replay", "delivery", id, true, ""))
	switch {
	case errors.Is(err, store.ErrNotFound):
		return notFound("The delivery")
	case errors.Is(err, store.ErrConflict):
		p := problem(fiber.StatusConflict, "Only a delivery in the dead-letter list can be replayed; this one is still being tried or has gone.")
		p.Errors = directory.FieldErrors{{Field: "status", Message: "is not dead"}}
		return p
	case err != nil:
		return err
	}
	return s.getDelivery(c)
}

// listMyNotices answers the signed-in user's in-app notices, newest first; ?unread=true
// only those not yet read. An agency's answer is said in the reader's language (the
// remembered choice, then Accept-Language), from its kind and service.
func (s *Server) listMyNotices(c *fiber.Ctx) error {
	p := newParams(c)
	unread := p.boolean("unread")
	if err := p.err(); err != nil {
		return err
	}
	ns, err := s.store.UserNotices(c.UserContext(), currentPrincipal(c).UserID, unread)
	if err != nil {
		return err
	}
	lang := staffLang(requestLang(c))
	for i, n := range ns {
		if k := notify.Kind(n.Kind); k.IsAnswer() {
			ns[i].Text = notify.AnswerNotice(lang, k, n.ServiceName)
		}
	}
	c.Set(fiber.HeaderContentLanguage, lang)
	c.Vary(fiber.HeaderAcceptLanguage, fiber.HeaderCookie)
	return sendV1Page(c, ns, len(ns), 1, max(len(ns), 1))
}

// readMyNotice marks one of the user's notices read; another's answers 404.
func (s *Server) readMyNotice(c *fiber.Ctx) error {
	id := c.Params("id")
	if !directory.IsUUID(id) {
		return notFound("The notice")
	}
	if err := s.store.MarkNoticeRead(c.UserContext(), currentPrincipal(c).UserID, id, time.Now()); errors.Is(err, store.ErrNotFound) {
		return notFound("The notice")
	} else if err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
