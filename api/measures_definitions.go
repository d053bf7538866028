package api

import (
	"github.com/gofiber/fiber/v2"

	"handoff/care/measures"
)

// The metric dictionary (issue 15): one table (measures.Definitions, its words in the
// catalog) served as JSON at /api/v1/measures/definitions and as a printable page at
// /dashboard/definitions, to coordinators and admins like the measures it defines, in
// the reader's language (issue 17). The printable report reads the same table.

// definitionsRoutes registers the dictionary's JSON and page.
func (s *Server) definitionsRoutes(v1 fiber.Router) {
	v1.Get("/measures/definitions", s.definitionsJSON)
	s.app.Get("/dashboard/definitions", s.definitionsPage)
}

// definitionsJSON answers the dictionary in the request's language (the remembered
// choice, then Accept-Language; English when that is not Spanish), its texts plain; the field names, ids, routes, fields,
// relations and edition are the same in every language.
func (s *Server) definitionsJSON(c *fiber.Ctx) error {
	lang := staffLang(requestLang(c))
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderContentLanguage, lang)
	c.Vary(fiber.HeaderAcceptLanguage, fiber.HeaderCookie)
	return c.JSON(measures.Definitions(s.rule(), lang).Plain())
}

// definitionsPage renders the dictionary in the chrome, on the server and in the page's
// language, with its code marks shown as code.
func (s *Server) definitionsPage(c *fiber.Ctx) error {
	return s.page(c, fiber.StatusOK, "definitions.html", "", measures.Definitions(s.rule(), s.pageLang(c, "")))
}
