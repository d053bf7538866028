package icarol

import (
	"net/mail"
	"net/url"
	"strings"
	"time"
)

// email is EmailAddressMain when it is an address.
func (b *builder) email(r row) string {
	v := r.get("EmailAddressMain")
	if v == "" {
		return ""
	}
	if a, err := mail.ParseAddress(v); err != nil || a.Address != v {
		b.warn(r, "EmailAddressMain", "%q is not an email address; left out", clip(v))
		return ""
	}
	return v
}

// website is WebsiteAddress as an absolute URL; "www.example.org" gains "http://".
func (b *builder) website(r row) string {
	v := r.get("WebsiteAddress")
	if v == "" {
		return ""
	}
	u := v
	if !strings.Contains(u, "://") && strings.Contains(u, ".") && !strings.ContainsAny(u, " @") {
		u = "http://" + u
	}
	if p, err := url.Parse(u); err != nil || p.Scheme == "" || p.Host == "" || strings.ContainsAny(u, " \t") {
		b.warn(r, "WebsiteAddress", "%q is not a web address; left out", clip(v))
		return ""
	}
	return u
}

// dateLayouts are how iCarol exports write a date and time ("8/17/11 13:08").
var dateLayouts = []string{"1/2/06 15:04", "1/2/2006 15:04", "1/2/06", "1/2/2006", "2006-01-02 15:04:05", "2006-01-02"}

// date reads a date column as a date, or with withTime as an RFC 3339 date-time (the
// export gives no zone; UTC is written). A date in the future is left out.
func (b *builder) date(r row, col string, withTime bool) string {
	v := r.get(col)
	if v == "" {
		return ""
	}
	for _, l := range dateLayouts {
		t, err := time.Parse(l, v)
		if err != nil {
			continue
		}
		if t.After(time.Now()) {
			b.warn(r, col, "%q is in the future; left out", clip(v))
			return ""
		}
		if withTime {
			return t.UTC().Format(time.RFC3339)
		}
		return t.Format(time.DateOnly)
	}
	b.warn(r, col, "%q is not a date; left out", clip(v))
	return ""
}
