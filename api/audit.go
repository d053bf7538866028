package api

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"handoff/store"
)

// audit appends a row to the audit log for this request: the signed-in user and role,
// the client address, the action ("login", "create", "read"…), the record, and whether it
// was allowed. Handlers of people's data call it on every read and every refusal; an
// allowed write through careStore is recorded by the store in the write's own
// transaction instead. An error means the trail could not be written, and the request
// must fail rather than go unrecorded.
func (s *Server) audit(c *fiber.Ctx, action, recordType, recordID string, allowed bool) error {
	return s.auditDetail(c, action, recordType, recordID, allowed, "")
}

// auditDetail is audit with a short reason code ("role", "organization", "locked").
// Codes only: no names, emails or free text, which may be personal data.
func (s *Server) auditDetail(c *fiber.Ctx, action, recordType, recordID string, allowed bool, detail string) error {
	if err := s.store.AppendAudit(c.UserContext(), auditEntryOf(c, action, recordType, recordID, allowed, detail)); err != nil {
		return fmt.Errorf("audit %s %s: %w", action, recordType, err)
	}
	return nil
}

// auditList records a list read (action "list" or "search"): one row per record the answer holds, so that
// who saw a record can be answered from its rows; an empty answer leaves one row with no
// record.
func (s *Server) auditList(c *fiber.Ctx, action, recordType string, ids []string) error {
	return s.auditLists(c, action, listed{recordType, ids})
}

// listed is the records of one type an answer shows, for auditLists.
type listed struct {
	recordType string
	ids        []string
}

// auditLists is auditList for an answer that shows records of several types (follow-ups
// with their people): one row per record of each type, all in one transaction. A type
// none of whose records is shown adds no row, except that an answer showing nothing at
// all leaves one row with no record, of the first type.
func (s *Server) auditLists(c *fiber.Ctx, action string, lists ...listed) error {
	var es []store.AuditEntry
	for _, l := range lists {
		for _, id := range l.ids {
			es = append(es, auditEntryOf(c, action, l.recordType, id, true, ""))
		}
	}
	if len(es) == 0 && len(lists) > 0 {
		return s.audit(c, action, lists[0].recordType, "", true)
	}
	if len(es) == 0 {
		return nil
	}
	if err := s.store.AppendAuditRows(c.UserContext(), es); err != nil {
		return fmt.Errorf("audit %s %s: %w", action, es[0].RecordType, err)
	}
	return nil
}

// careAuditTemplate is the audit row the care store's writes for this request are
// recorded with (store.CareStore.Audited): who, from where, which request, and a detail
// code. At is left zero so that the row carries the time of the write, not of the
// request's start.
func careAuditTemplate(c *fiber.Ctx, detail string) store.AuditEntry {
	e := auditEntryOf(c, "", "", "", true, detail)
	e.At = time.Time{}
	return e
}

func auditEntryOf(c *fiber.Ctx, action, recordType, recordID string, allowed bool, detail string) store.AuditEntry {
	// The address and a request id the client sent may point into Fiber's request
	// buffers; the row is copied so it may outlive the request.
	e := store.AuditEntry{At: time.Now(), ClientIP: strings.Clone(clientIP(c)), Action: action, RecordType: recordType,
		RecordID: recordID, Allowed: allowed, Detail: detail, RequestID: strings.Clone(requestID(c))}
	if p := currentPrincipal(c); p != nil {
		e.UserID, e.Role = p.UserID, string(p.Role)
	}
	return e
}

// listAudit answers the audit log, newest first, filtered by user, record, action and
// time; ?format=csv streams every matching row instead of a page. Reading the log is
// itself audited.
func (s *Server) listAudit(c *fiber.Ctx) error {
	p := newParams(c)
	f := store.AuditFilter{
		UserID: p.uuid("user"), RecordType: p.str("record_type"), RecordID: p.str("record"),
		Action: p.str("action"), From: p.time("from"), To: p.time("to"),
	}
	page, perPage := pageParams(p)
	format := p.oneOf("format", "json", "json", "csv")
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		p.fail("to", "must be after from")
	}
	if err := p.err(); err != nil {
		return err
	}
	if err := s.audit(c, "read", "audit", "", true); err != nil {
		return err
	}
	if format == "csv" {
		return s.streamAuditCSV(c, f)
	}
	items, total, err := s.store.AuditEntries(c.UserContext(), f, store.Page{Number: page, PerPage: perPage})
	if err != nil {
		return err
	}
	return sendV1Page(c, items, total, page, perPage)
}

var auditCSVHeader = []string{"seq", "at", "user_id", "role", "client_ip", "action", "record_type", "record_id", "allowed", "detail", "request_id", "prev_hash", "hash"}

func (s *Server) streamAuditCSV(c *fiber.Ctx, f store.AuditFilter) error {
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="handoff-audit.csv"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
	s.streamAfterHandler(c, "audit csv stream ended early", func(ctx context.Context, w *bufio.Writer) error {
		cw := csv.NewWriter(w)
		cw.Write(auditCSVHeader)
		return s.store.EachAuditBatch(ctx, f, 1000, func(batch []store.AuditEntry) error {
			for _, e := range batch {
				cw.Write([]string{strconv.FormatInt(e.Seq, 10), e.At.UTC().Format(time.RFC3339Nano), e.UserID, e.Role,
					e.ClientIP, csvSafe(e.Action), csvSafe(e.RecordType), csvSafe(e.RecordID), strconv.FormatBool(e.Allowed),
					csvSafe(e.Detail), e.RequestID, e.PrevHash, e.Hash})
			}
			cw.Flush()
			if err := cw.Error(); err != nil {
				return err
			}
			return w.Flush()
		})
	}, &f.UserID, &f.RecordType, &f.RecordID, &f.Action)
	return nil
}

// csvSafe keeps a spreadsheet from reading a cell as a formula.
func csvSafe(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}

// v1Page is the /api/v1 list envelope.
type v1Page[T any] struct {
	Items   []T `json:"items"`
	Total   int `json:"total"`
	Page    int `json:"page"`
	PerPage int `json:"per_page"`
}

func sendV1Page[T any](c *fiber.Ctx, items []T, total, page, perPage int) error {
	if items == nil {
		items = []T{}
	}
	return c.JSON(v1Page[T]{Items: items, Total: total, Page: page, PerPage: perPage})
}
