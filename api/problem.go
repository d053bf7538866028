package api

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"handoff/directory"
	"handoff/store"
)

// Problem is an RFC 9457 problem document. Errors names the bad fields of a 400.
type Problem struct {
	Type      string                 `json:"type"`
	Title     string                 `json:"title"`
	Status    int                    `json:"status"`
	Detail    string                 `json:"detail,omitempty"`
	Instance  string                 `json:"instance,omitempty"`
	RequestID string                 `json:"request_id,omitempty"`
	Errors    []directory.FieldError `json:"errors,omitempty"`
	// Extra members a specific problem adds (such as the allowed next states of a referral).
	Extra map[string]any `json:"-"`
}

// Error makes a Problem usable as an error returned from a handler.
func (p *Problem) Error() string { return p.Title + ": " + p.Detail }

// problem builds a problem document of the given status.
func problem(status int, detail string) *Problem {
	return &Problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: detail}
}

// badRequest is a 400 naming every bad field.
func badRequest(errs ...directory.FieldError) *Problem {
	p := problem(fiber.StatusBadRequest, "The request has invalid fields.")
	p.Errors = errs
	if len(errs) == 1 {
		p.Detail = errs[0].Error()
	}
	return p
}

// retryAfterSeconds is the Retry-After of a 503: soon, since outages and index builds
// are mostly short, and clients back off on their own when they last.
const retryAfterSeconds = "5"

func notFound(what string) *Problem {
	return problem(fiber.StatusNotFound, what+" was not found.")
}

// errorHandler is the one path every error takes to the client. Internal errors are logged
// with the request id and answered with a 500 that shows nothing of the internals.
func errorHandler(log *slog.Logger) fiber.ErrorHandler {
	return func(c *fiber.Ctx, err error) error {
		var p *Problem
		var fe *fiber.Error
		var fields directory.FieldErrors
		switch {
		case errors.As(err, &p):
		case errors.As(err, &fields):
			p = badRequest(fields...)
		case errors.As(err, &fe):
			p = problem(fe.Code, fiberDetail(fe))
		case store.IsUnavailable(err):
			// An outage, not a bug: the client may try again, as /readyz tells monitors.
			log.Warn("database unavailable", "request_id", requestID(c), "route", routeOf(c), "err", err)
			p = problem(fiber.StatusServiceUnavailable, "The database cannot be reached just now. Try again in a moment.")
		default:
			log.Error("request failed", "request_id", requestID(c), "route", routeOf(c), "err", err)
			p = problem(fiber.StatusInternalServerError, "Something went wrong on our side. The request id identifies it in the logs.")
		}
		p.Instance = c.Path()
		p.RequestID = requestID(c)
		if p.RequestID == "" {
			// Errors raised before the middleware ran (a body over the limit) still get an id.
			p.RequestID = uuid.NewString()
			c.Set(fiber.HeaderXRequestID, p.RequestID)
		}
		if p.Status == fiber.StatusServiceUnavailable && len(c.Response().Header.Peek(fiber.HeaderRetryAfter)) == 0 {
			// Every 503 (an outage, /readyz, an index being built) says when to come back.
			c.Set(fiber.HeaderRetryAfter, retryAfterSeconds)
		}
		if p.Status == fiber.StatusMethodNotAllowed {
			c.Set(fiber.HeaderAllow, allowedMethods(c))
		}
		if isFHIR(c) {
			return writeOperationOutcome(c, p)
		}
		// The title and the messages in the asker's language; the type stays.
		lang := requestLang(c)
		title := p.Title
		if title == http.StatusText(p.Status) {
			title = problemTitle(lang, p.Status)
		}
		body := map[string]any{
			"type": p.Type, "title": title, "status": p.Status, "instance": p.Instance, "request_id": p.RequestID,
		}
		if p.Detail != "" {
			body["detail"], _ = problemWords(lang, p.Detail)
			if len(p.Errors) == 1 && p.Detail == p.Errors[0].Error() {
				body["detail"] = fieldErrorsText(lang, p.Errors)
			}
		}
		if len(p.Errors) > 0 {
			body["errors"] = localFieldErrors(lang, p.Errors)
		}
		for k, v := range p.Extra {
			body[k] = v
		}
		c.Status(p.Status)
		if err := c.JSON(body); err != nil {
			return err
		}
		c.Set(fiber.HeaderContentType, "application/problem+json")
		return nil
	}
}

// fiberDetail turns Fiber's own errors (unknown route, bad method, body too large) into
// sentences; Fiber's messages echo the request path, which we already give as instance.
func fiberDetail(fe *fiber.Error) string {
	switch fe.Code {
	case fiber.StatusNotFound:
		return "There is nothing at this address."
	case fiber.StatusMethodNotAllowed:
		return "This address does not answer that method."
	case fiber.StatusRequestEntityTooLarge:
		return "The request body is larger than this server accepts."
	}
	return fe.Message
}

func allowedMethods(c *fiber.Ctx) string {
	var out []string
	for _, m := range []string{fiber.MethodGet, fiber.MethodPost, fiber.MethodPut, fiber.MethodPatch, fiber.MethodDelete} {
		for _, r := range c.App().Stack()[methodIndex(m)] {
			if r.Path == c.Path() {
				out = append(out, m)
				break
			}
		}
	}
	s := ""
	for i, m := range out {
		if i > 0 {
			s += ", "
		}
		s += m
	}
	return s
}

func methodIndex(m string) int {
	for i, x := range fiber.DefaultMethods {
		if x == m {
			return i
		}
	}
	return 0
}
