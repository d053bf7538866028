package api

import (
	"bytes"
	"fmt"
	"html/template"

	"github.com/gofiber/fiber/v2"

	"handoff/care/measures"
)

// The metric dictionary (issue 15): one Go table (measures.Definitions) served as JSON
// at /api/v1/measures/definitions and as a printable page at /dashboard/definitions, to
// coordinators and admins like the measures it defines. The printable report reads the
// same table.

// definitionsRoutes registers the dictionary's JSON and page.
func (s *Server) definitionsRoutes(v1 fiber.Router) {
	v1.Get("/measures/definitions", s.definitionsJSON)
	s.app.Get("/dashboard/definitions", s.definitionsPage)
}

func (s *Server) definitionsJSON(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(measures.Definitions(s.rule()))
}

// definitionsTmpl is the page, parsed once from the embedded file.
var definitionsTmpl = template.Must(template.New("definitions.html").Funcs(template.FuncMap{
	"source": func(d measures.Dictionary, id string) measures.Source {
		for _, src := range d.Sources {
			if src.ID == id {
				return src
			}
		}
		return measures.Source{ID: id, Title: id}
	},
}).ParseFS(web, "web/definitions.html"))

// definitionsPage renders the dictionary on the server: no script, so it prints and
// reads the same everywhere.
func (s *Server) definitionsPage(c *fiber.Ctx) error {
	var b bytes.Buffer
	if err := definitionsTmpl.Execute(&b, measures.Definitions(s.rule())); err != nil {
		return fmt.Errorf("definitions page: %w", err)
	}
	noStore(c)
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return c.Send(b.Bytes())
}
