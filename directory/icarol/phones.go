package icarol

import (
	"strings"

	"handoff/directory"
)

// phoneColumn is one of the export's phone columns: its number, the column naming it (if
// any), and the HSDS type and description it implies.
type phoneColumn struct {
	number, label, kind, desc string
}

var phoneColumns = []phoneColumn{
	{"Phone1Number", "Phone1Name", "voice", ""},
	{"Phone2Number", "Phone2Name", "voice", ""},
	{"Phone3Number", "Phone3Name", "voice", ""},
	{"Phone4Number", "Phone4Name", "voice", ""},
	{"Phone5Number", "Phone5Description", "voice", ""},
	{"PhoneTollFree", "", "voice", "Toll-free"},
	{"PhoneNumberHotline", "", "voice", "Hotline"},
	{"PhoneNumberBusinessLine", "", "voice", "Business line"},
	{"PhoneNumberOutOfArea", "", "voice", "Out of area"},
	{"PhoneNumberAfterHours", "", "voice", "After hours"},
	{"PhoneTTY", "", "textphone", "TTY"},
	{"PhoneFax", "", "fax", "Fax"},
}

// phones reads a row's phone columns; a number repeated in several columns is one phone
// with the first column's description. A label naming TTY or fax gives that type.
func (b *builder) phones(r row, kind string) []directory.Phone {
	var out []directory.Phone
	seen := map[string]bool{}
	num := r.get("ResourceAgencyNum")
	for _, c := range phoneColumns {
		n := r.get(c.number)
		if n == "" {
			continue
		}
		key := digits(n)
		if key == "" {
			b.warn(r, c.number, "%q is not a phone number; left out", clip(n))
			continue
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		p := directory.Phone{ID: b.id(kind, num, "phone", c.number), Number: n, Type: c.kind, Description: c.desc}
		if c.label != "" {
			label := r.get(c.label)
			p.Description = label
			switch l := strings.ToLower(label); {
			case strings.Contains(l, "tty") || strings.Contains(l, "tdd"):
				p.Type = "textphone"
			case strings.Contains(l, "fax"):
				p.Type = "fax"
			}
		}
		out = append(out, p)
	}
	return out
}

// digits keeps a number's digits, to tell one number written two ways as the same.
func digits(s string) string {
	var b strings.Builder
	for _, c := range s {
		if c >= '0' && c <= '9' {
			b.WriteRune(c)
		}
	}
	return b.String()
}
