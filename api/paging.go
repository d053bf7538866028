package api

import "github.com/gofiber/fiber/v2"

// hsdsPage is the HSDS 3.0 paging envelope.
type hsdsPage struct {
	TotalItems int  `json:"total_items"`
	TotalPages int  `json:"total_pages"`
	PageNumber int  `json:"page_number"`
	Size       int  `json:"size"`
	FirstPage  bool `json:"first_page"`
	LastPage   bool `json:"last_page"`
	Empty      bool `json:"empty"`
	Contents   any  `json:"contents"`
}

// Default and largest page sizes of the lists.
const (
	defaultPerPage = 50
	maxPerPage     = 1000
)

// pageParams reads page and per_page.
func pageParams(p *params) (page, perPage int) {
	return p.intIn("page", 1, 1, 1_000_000), p.intIn("per_page", defaultPerPage, 1, maxPerPage)
}

// newHSDSPage fills the envelope so that it follows what conformance validators check:
// total_items the same on every page, size the number of items, last_page true from the
// last page on.
func newHSDSPage[T any](items []T, total, page, perPage int) hsdsPage {
	if items == nil {
		items = []T{}
	}
	pages := (total + perPage - 1) / perPage
	return hsdsPage{
		TotalItems: total, TotalPages: pages, PageNumber: page, Size: len(items),
		FirstPage: page == 1, LastPage: page >= pages, Empty: len(items) == 0, Contents: items,
	}
}

// pageOf is one page of a list held whole in memory, for the few lists that cannot be
// paged by the store (an exact-distance filter runs after the query).
func pageOf[T any](items []T, page, perPage int) []T {
	from := min((page-1)*perPage, len(items))
	return items[from:min(from+perPage, len(items))]
}

func sendPage[T any](c *fiber.Ctx, items []T, total, page, perPage int) error {
	return c.JSON(newHSDSPage(items, total, page, perPage))
}
