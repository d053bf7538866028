package csvimport

import (
	"math"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
)

// email returns a column's email address, or "" with a warning when it is not one: HSDS
// 3.0 validates the format, and one bad address must not reject a listing.
func (b *builder) email(r row, col string) string {
	v := r.get(col)
	if v == "" {
		return ""
	}
	a, err := mail.ParseAddress(v)
	if err != nil || a.Address != v {
		b.probs.warn(r, col, "%q is not an email address; left out", clip(v))
		return ""
	}
	return v
}

// website returns a column's web address as an absolute URL. "www.example.org" gains
// "http://", as every browser would read it; anything else that is not a URL is left out
// with a warning.
func (b *builder) website(r row, col string) string {
	v := r.get(col)
	if v == "" {
		return ""
	}
	u := v
	if !strings.Contains(u, "://") && strings.Contains(u, ".") && !strings.ContainsAny(u, " @") {
		u = "http://" + u
	}
	p, err := url.Parse(u)
	if err != nil || p.Scheme == "" || p.Host == "" || strings.ContainsAny(u, " \t") {
		b.probs.warn(r, col, "%q is not a web address; left out", clip(v))
		return ""
	}
	return u
}

// number returns a column as a number, nil when empty or (with a warning) unreadable.
func (b *builder) number(r row, col string) *float64 {
	v := r.get(col)
	if v == "" {
		return nil
	}
	f, err := strconv.ParseFloat(v, 64)
	// ParseFloat reads "NaN" and "Inf", which no range check catches (NaN compares false).
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		b.probs.warn(r, col, "%q is not a number; left out", clip(v))
		return nil
	}
	return &f
}

// list splits a comma-separated column (Ohana writes its arrays this way), trimmed,
// without empty or repeated items.
func list(v string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range strings.Split(v, ",") {
		s = strings.TrimSpace(s)
		k := strings.ToLower(s)
		if s == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, s)
	}
	return out
}

// parseBool reads the ways CSV exports write a boolean.
func parseBool(v string) (value, ok bool) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "true", "t", "yes", "y", "1", "closed":
		return true, true
	case "false", "f", "no", "n", "0", "open":
		return false, true
	}
	return false, false
}

// joinText joins the non-empty parts into one paragraph each.
func joinText(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "\n")
}
