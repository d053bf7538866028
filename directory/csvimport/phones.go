package csvimport

import (
	"strconv"
	"strings"

	"handoff/directory"
)

// phoneTypes maps the types sources write onto HSDS 3.0's (RFC 6350) words. Ohana's
// "hotline" is a voice line; the word stays in the description.
var phoneTypes = map[string]string{
	"voice": "voice", "fax": "fax", "text": "text", "sms": "text", "cell": "cell", "mobile": "cell",
	"video": "video", "pager": "pager", "textphone": "textphone", "tty": "textphone", "tdd": "textphone",
	"hotline": "voice",
}

func (b *builder) buildPhones() {
	b.unique("phone", func(r row, src string) {
		if r.get("number") == "" {
			b.probs.fail(r, "number", "is required")
			return
		}
		o, ok := b.ownerOf(r, "contact_id", "service_at_location_id", "service_id", "location_id", "organization_id")
		if !ok {
			return
		}
		p := b.phone(r, src)
		switch {
		case o.cont != nil:
			p.ContactID = o.cont.c.ID
			o.cont.c.Phones = append(o.cont.c.Phones, p)
		case o.sal != nil:
			o.sal.sal.Phones = append(o.sal.sal.Phones, p)
		case o.svc != nil:
			o.svc.svc.Phones = append(o.svc.svc.Phones, p)
		case o.loc != nil:
			o.loc.loc.Phones = append(o.loc.loc.Phones, p)
		case o.org != nil:
			o.org.org.Phones = append(o.org.org.Phones, p)
		}
	})
}

func (b *builder) phone(r row, src string) directory.Phone {
	p := directory.Phone{ID: b.id("phone", src), Number: r.get("number")}
	if cp := r.get("country_prefix"); cp != "" && !strings.HasPrefix(p.Number, "+") {
		if !strings.HasPrefix(cp, "+") {
			cp = "+" + cp
		}
		p.Number = cp + " " + p.Number
	}
	kind := strings.ToLower(r.get("type"))
	if t, ok := phoneTypes[kind]; ok {
		p.Type = t
	} else if kind != "" {
		p.Type = kind // HSDS 3.0 does not close the list; keep what the source says
	}
	var desc []string
	if kind == "hotline" {
		desc = append(desc, "Hotline")
	}
	desc = append(desc, r.get("department"), r.get("description"))
	if ext := r.get("extension"); ext != "" {
		if v, err := strconv.ParseFloat(strings.TrimLeft(strings.ToLower(ext), "ext. #"), 64); err == nil && v >= 0 {
			p.Extension = &v
		} else {
			b.probs.warn(r, "extension", "%q is not a number; kept in the description", clip(ext))
			desc = append(desc, "ext. "+ext)
		}
	}
	if v := r.get("vanity_number"); v != "" {
		desc = append(desc, v)
	}
	p.Description = joinComma(desc...)
	var langs []directory.Language
	for _, v := range list(r.get("language")) {
		g := language(v)
		g.ID, g.PhoneID = b.childID("phone", src, "language", v), p.ID
		langs = append(langs, g)
	}
	p.Languages = raw(langs)
	return p
}
