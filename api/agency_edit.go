package api

import (
	"encoding/json"
	"strings"

	"github.com/gofiber/fiber/v2"

	"handoff/directory"
	"handoff/i18n"
)

// The agency's edit page (/agency/edit?service=ID) and the one route of its own: schedule
// rows read back in words (directory.DescribeHours) and checked as the person types,
// before anything is saved. The page loads and saves the service through the directory
// routes (GET, and PATCH with If-Match), which decide whose listing it is.

func (s *Server) agencyEditRoutes(v1 fiber.Router) {
	v1.Post("/schedules/describe", s.describeSchedules)
	s.app.Get("/agency/edit", s.agencyEditPage)
}

// agencyEditPage is an empty shell like "/": it offers the sign-in, and its data comes
// from the guarded routes.
func (s *Server) agencyEditPage(c *fiber.Ctx) error {
	return s.page(c, fiber.StatusOK, "agency-edit.html", "", nil)
}

// describeBody is the rows to read back.
type describeBody struct {
	Schedules []directory.Schedule `json:"schedules"`
}

// describedHours is the answer: the phrases, and them joined as pages show them.
type describedHours struct {
	Words []string `json:"words"`
	Text  string   `json:"text"`
}

// maxDescribedRows bounds the work of one preview; no listing has more opening intervals.
const maxDescribedRows = 200

// describeSchedules answers the words of schedule rows in the asker's language (as
// problems are), or a 422 naming every field that is wrong (with the words of what
// could be read, in "words"). Nothing is stored.
func (s *Server) describeSchedules(c *fiber.Ctx) error {
	var b describeBody
	if err := readStrictJSON(c, &b); err != nil {
		return err
	}
	if len(b.Schedules) > maxDescribedRows {
		return badRequest(directory.FieldError{Field: "schedules", Message: "must have at most 200 rows"})
	}
	words := directory.DescribeHoursIn(i18n.Load().Words(requestLang(c)), b.Schedules)
	if words == nil {
		words = []string{}
	}
	if errs := directory.CheckSchedules(b.Schedules); len(errs) > 0 {
		p := problem(fiber.StatusUnprocessableEntity, "Some hours cannot be read: "+errs[0].Error()+".")
		p.Errors = errs
		p.Extra = map[string]any{"words": words}
		return p
	}
	// Joined as directory.HoursSentence joins them.
	return c.JSON(describedHours{Words: words, Text: strings.Join(words, "; ")})
}

// schedulesChanged reports whether a write changes a service's own schedule rows, so
// that only an edit of the hours is held to directory.ScheduleSense.
func schedulesChanged(v, old *directory.Service) bool {
	if old == nil {
		return true
	}
	a, err1 := json.Marshal(v.Schedules)
	b, err2 := json.Marshal(old.Schedules)
	return err1 != nil || err2 != nil || string(a) != string(b)
}
