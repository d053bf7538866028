package api

import (
	"fmt"
	"net/netip"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// Forwarded headers (X-Forwarded-For, -Host, -Proto) are anyone's to send: they are
// believed only from the reverse proxies the operator listed, and links are built from
// one place, so that no response can be made to point at a host the client chose.

const localClientIP = "handoff.client_ip"

// trustedProxies are the addresses whose forwarded headers are believed.
type trustedProxies []netip.Prefix

// CheckTrustedProxies reports the first entry of a --trusted-proxies list that is
// neither an IP address nor a CIDR range.
func CheckTrustedProxies(list []string) error {
	_, err := parseTrustedProxies(list)
	return err
}

func parseTrustedProxies(list []string) (trustedProxies, error) {
	var out trustedProxies
	for _, s := range list {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if p, err := netip.ParsePrefix(s); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(s)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q is neither an IP address nor a CIDR range such as 10.0.0.0/8", s)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

func (t trustedProxies) trusts(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range t {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// client is the address of the client behind the proxies: the peer itself unless it is
// a trusted proxy; then X-Forwarded-For read from the right (each proxy appends the
// address it got the request from), skipping trusted proxies. The left end is whatever
// the client wrote, so it is never taken while a hop to its right is known.
func (t trustedProxies) client(peer netip.Addr, forwardedFor []string) netip.Addr {
	peer = peer.Unmap()
	if !t.trusts(peer) {
		return peer
	}
	var hops []string
	for _, h := range forwardedFor {
		hops = append(hops, strings.Split(h, ",")...)
	}
	addr := peer
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break // garbled from here leftwards: the last good hop is all that is known
		}
		addr = a.Unmap()
		if !t.trusts(addr) {
			break
		}
	}
	return addr
}

// resolveClient is the first middleware: it settles the request's client address once,
// for rate limits and the audit log.
func (s *Server) resolveClient(c *fiber.Ctx) error {
	peer, _ := netip.AddrFromSlice(c.Context().RemoteIP())
	var fwd []string
	for _, v := range c.Request().Header.PeekAll(fiber.HeaderXForwardedFor) {
		fwd = append(fwd, string(v))
	}
	c.Locals(localClientIP, s.proxies.client(peer, fwd).String())
	return c.Next()
}

// clientIP is the request's client address (see resolveClient); without it, the peer's.
func clientIP(c *fiber.Ctx) string {
	if ip, ok := c.Locals(localClientIP).(string); ok {
		return ip
	}
	return c.Context().RemoteIP().String()
}

// NormalizePublicURL checks a --public-url (an absolute http or https URL, with an
// optional path prefix) and returns it without a trailing slash.
func NormalizePublicURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", nil
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("public URL %q must be an absolute http:// or https:// URL without user, query or fragment, such as https://handoff.example.org", raw)
	}
	return strings.TrimRight(u.Scheme+"://"+u.Host+u.EscapedPath(), "/"), nil
}

// baseURL is where the links the server hands out (agency links, resource lists, the
// HSDS document) point: the configured public URL; without one, the request's own
// scheme and Host, and the forwarded ones only from a trusted proxy (Fiber's trusted
// proxy check is always on, see New).
func (s *Server) baseURL(c *fiber.Ctx) string {
	if s.opts.PublicURL != "" {
		return s.opts.PublicURL
	}
	return c.Protocol() + "://" + c.Hostname()
}

// overTLS reports whether the client reached Handoff over HTTPS: Handoff's own TLS, or a
// trusted proxy that terminated TLS and says so in X-Forwarded-Proto (Fiber believes the
// header only from the listed proxies). Session cookies are then Secure and responses
// carry HSTS, also behind a proxy.
func (s *Server) overTLS(c *fiber.Ctx) bool {
	return s.opts.TLS || (c.IsProxyTrusted() && c.Protocol() == "https")
}
