package api

import (
	"embed"
	"net/http"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/filesystem"
)

// web holds the pages and their assets; nothing is fetched from elsewhere at run time.
//
//go:embed web
var web embed.FS

func (s *Server) index(c *fiber.Ctx) error {
	b, err := web.ReadFile("web/index.html")
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return c.Send(b)
}

// staticFiles serves the embedded assets under /static.
func staticFiles() fiber.Handler {
	return filesystem.New(filesystem.Config{Root: http.FS(web), PathPrefix: "web/static", MaxAge: 3600})
}
