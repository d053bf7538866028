package geo

import (
	"strings"
	"unicode"
)

// NormalizeAddress reduces a US street address to the building it names, so that the
// same building typed different ways gives the same text: "12 Main Street, Apt. 3B",
// "12 main st #3b" and "12 MAIN ST UNIT 3" all give "12 MAIN ST". It is a small,
// documented subset of USPS Publication 28, written here because no maintained Go
// address library fits (libpostal's Go binding needs a 2 GB model and cgo; the pure-Go
// parsers found are unmaintained). The steps:
//
//   - upper case; punctuation other than '#', '-' and '/' becomes a space; "#3B" is read
//     as "# 3B";
//   - secondary unit designators (APT, APARTMENT, UNIT, STE, SUITE, RM, ROOM, FL, FLOOR,
//     BLDG, LOT, SPC, DEPT, TRLR, #, and NO after the street) are dropped with the
//     identifier that follows them ("APT 3", "# 3B", "FL 2"), before or after the street,
//     or, for floors, with the ordinal that precedes them ("2ND FLOOR"); unit
//     words without identifier (REAR, FRONT, UPPER, LOWER, BSMT, BASEMENT, PH) are
//     dropped after the street suffix only, so "Front St" keeps its name;
//   - after the street suffix (and any direction following it), a bare unit identifier
//     with a digit ("12 Main St 3B") is dropped;
//   - street suffixes become their USPS abbreviations (STREET → ST, AVENUE/AV → AVE,
//     ROAD → RD, …) and directions theirs (NORTH → N, NORTHEAST → NE, …), wherever
//     they are after the house number, so "West Street" and "W St" agree;
//   - a state (MA, MASS, MASSACHUSETTS) and a ZIP or ZIP+4 after the street suffix are
//     dropped ("12 Massachusetts Ave" keeps its name): the town is kept apart (see care.AddressKey);
//   - words are joined by single spaces.
//
// The result is empty when nothing is left. It never fails: text that is not an
// address comes back tidied, not refused.
func NormalizeAddress(s string) string {
	toks := addressTokens(s)
	out := make([]string, 0, len(toks))
	suffixAt := -1 // index in out of the street suffix, once seen
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		next := ""
		if i+1 < len(toks) {
			next = toks[i+1]
		}
		switch {
		case unitWithID[t] && (t != "NO" || suffixAt >= 0):
			if floorWords[t] && suffixAt >= 0 && len(out) > suffixAt+1 && hasDigit(out[len(out)-1]) {
				out = out[:len(out)-1] // "2ND FLOOR"
				continue
			}
			if next != "" && !isSuffix(next) {
				i++ // the identifier
			}
			continue
		case unitAlone[t] && suffixAt >= 0:
			continue
		case suffixAt >= 0 && (isZIP(t) || addrStates[t]):
			continue
		case suffixAt >= 0 && hasDigit(t) && len(out) > suffixAt && !isOrdinalBefore(t, next):
			continue // "12 MAIN ST 3B"
		}
		if len(out) > 0 {
			if a, ok := suffixAbbrev[t]; ok {
				t = a
			} else if a, ok := directionAbbrev[t]; ok {
				t = a
			}
		}
		out = append(out, t)
		if len(out) > 1 && suffixAt < 0 && streetSuffixes[t] && hasDigit(out[0]) {
			suffixAt = len(out) - 1
		}
	}
	return strings.Join(out, " ")
}

// addressTokens splits upper-cased text into words, '#' standing alone.
func addressTokens(s string) []string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == '#':
			b.WriteString(" # ")
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '/':
			b.WriteRune(r)
		default:
			b.WriteByte(' ')
		}
	}
	return strings.Fields(b.String())
}

func isSuffix(t string) bool {
	_, ok := suffixAbbrev[t]
	return ok || streetSuffixes[t]
}

func hasDigit(s string) bool { return strings.ContainsAny(s, "0123456789") }

// isOrdinalBefore reports whether t is a floor's ordinal that the next word names
// ("2ND FL"), which the floor designator drops with it.
func isOrdinalBefore(t, next string) bool { return floorWords[next] }

func isZIP(t string) bool {
	digits := func(s string) bool {
		for _, r := range s {
			if r < '0' || r > '9' {
				return false
			}
		}
		return true
	}
	if len(t) == 5 && digits(t) {
		return true
	}
	return len(t) == 10 && t[5] == '-' && digits(t[:5]) && digits(t[6:])
}

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

var (
	unitWithID = set("APT", "APARTMENT", "UNIT", "STE", "SUITE", "RM", "ROOM", "FL", "FLR", "FLOOR", "BLDG",
		"BUILDING", "LOT", "SPC", "SPACE", "DEPT", "TRLR", "#", "NO")
	floorWords = set("FL", "FLR", "FLOOR")
	unitAlone  = set("REAR", "FRONT", "FRNT", "UPPER", "UPPR", "LOWER", "LOWR", "BSMT", "BASEMENT", "PH", "PENTHOUSE", "SIDE")
	addrStates = set("MA", "MASS", "MASSACHUSETTS")

	// suffixAbbrev maps street suffixes (USPS Publication 28, appendix C1, the common
	// ones) to their standard abbreviations.
	suffixAbbrev = map[string]string{
		"STREET": "ST", "STR": "ST", "AVENUE": "AVE", "AV": "AVE", "AVEN": "AVE", "ROAD": "RD", "DRIVE": "DR", "DRV": "DR",
		"LANE": "LN", "BOULEVARD": "BLVD", "BOUL": "BLVD", "COURT": "CT", "PLACE": "PL", "TERRACE": "TER", "TERR": "TER",
		"CIRCLE": "CIR", "CIRC": "CIR", "HIGHWAY": "HWY", "HIGHWY": "HWY", "PARKWAY": "PKWY", "PKY": "PKWY", "SQUARE": "SQ",
		"SQR": "SQ", "HEIGHTS": "HTS", "EXTENSION": "EXT", "TRAIL": "TRL", "ALLEY": "ALY", "CENTER": "CTR", "CENTRE": "CTR",
		"CROSSING": "XING", "POINT": "PT", "TURNPIKE": "TPKE", "EXPRESSWAY": "EXPY", "PLAZA": "PLZ", "COMMONS": "CMNS",
	}
	// streetSuffixes are the abbreviations, and the suffixes that have none.
	streetSuffixes = set("ST", "AVE", "RD", "DR", "LN", "BLVD", "CT", "PL", "TER", "CIR", "HWY", "PKWY", "SQ", "HTS",
		"EXT", "TRL", "ALY", "CTR", "XING", "PT", "TPKE", "EXPY", "PLZ", "CMNS", "WAY", "ROW", "PATH", "WALK", "PIKE")
	directionAbbrev = map[string]string{
		"NORTH": "N", "SOUTH": "S", "EAST": "E", "WEST": "W",
		"NORTHEAST": "NE", "NORTHWEST": "NW", "SOUTHEAST": "SE", "SOUTHWEST": "SW",
	}
)

func init() {
	for _, a := range suffixAbbrev {
		streetSuffixes[a] = true
	}
}
