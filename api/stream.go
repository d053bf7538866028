package api

import (
	"bufio"
	"context"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
)

// streamTimeout bounds a streamed answer: long enough for a whole export.
const streamTimeout = 30 * time.Minute

// streamAfterHandler answers c with a body that write produces after the handler has
// returned, as Fiber streams it. By then the request's context has ended, so write gets
// a context of its own; and Fiber may have reused the request's buffers, so the strings
// the stream keeps of the request (keep: a filter's parameters) are copied here first,
// as is the request id a client sent. An error of write ends the stream early; it is
// logged as failed ("audit csv stream ended early") with the request id.
func (s *Server) streamAfterHandler(c *fiber.Ctx, failed string, write func(ctx context.Context, w *bufio.Writer) error, keep ...*string) {
	rid := strings.Clone(requestID(c))
	for _, p := range keep {
		*p = strings.Clone(*p)
	}
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
		ctx, cancel := context.WithTimeout(context.Background(), streamTimeout)
		defer cancel()
		if err := write(ctx, w); err != nil {
			s.log.Error(failed, "request_id", rid, "err", err)
		}
	})
}
