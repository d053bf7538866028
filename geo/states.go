package geo

import "strings"

// state is one of the 50 states, DC or Puerto Rico: the areas the Census and USPS
// data cover.
type state struct {
	Code, Name, FIPS string
}

// states lists them. The FIPS code reads the county file, whose features name their
// state only by number.
var states = []state{
	{"AL", "Alabama", "01"}, {"AK", "Alaska", "02"}, {"AZ", "Arizona", "04"}, {"AR", "Arkansas", "05"},
	{"CA", "California", "06"}, {"CO", "Colorado", "08"}, {"CT", "Connecticut", "09"}, {"DE", "Delaware", "10"},
	{"DC", "District of Columbia", "11"}, {"FL", "Florida", "12"}, {"GA", "Georgia", "13"}, {"HI", "Hawaii", "15"},
	{"ID", "Idaho", "16"}, {"IL", "Illinois", "17"}, {"IN", "Indiana", "18"}, {"IA", "Iowa", "19"},
	{"KS", "Kansas", "20"}, {"KY", "Kentucky", "21"}, {"LA", "Louisiana", "22"}, {"ME", "Maine", "23"},
	{"MD", "Maryland", "24"}, {"MA", "Massachusetts", "25"}, {"MI", "Michigan", "26"}, {"MN", "Minnesota", "27"},
	{"MS", "Mississippi", "28"}, {"MO", "Missouri", "29"}, {"MT", "Montana", "30"}, {"NE", "Nebraska", "31"},
	{"NV", "Nevada", "32"}, {"NH", "New Hampshire", "33"}, {"NJ", "New Jersey", "34"}, {"NM", "New Mexico", "35"},
	{"NY", "New York", "36"}, {"NC", "North Carolina", "37"}, {"ND", "North Dakota", "38"}, {"OH", "Ohio", "39"},
	{"OK", "Oklahoma", "40"}, {"OR", "Oregon", "41"}, {"PA", "Pennsylvania", "42"}, {"RI", "Rhode Island", "44"},
	{"SC", "South Carolina", "45"}, {"SD", "South Dakota", "46"}, {"TN", "Tennessee", "47"}, {"TX", "Texas", "48"},
	{"UT", "Utah", "49"}, {"VT", "Vermont", "50"}, {"VA", "Virginia", "51"}, {"WA", "Washington", "53"},
	{"WV", "West Virginia", "54"}, {"WI", "Wisconsin", "55"}, {"WY", "Wyoming", "56"}, {"PR", "Puerto Rico", "72"},
}

// stateWords maps what people type for a state, as lookup words (lower case, no spaces
// or dots: "il", "illinois", "newyork", "dc", "washingtondc"), to its code. A few
// customary abbreviations ("mass", "calif", "fla") are added because they are what
// people write.
var stateWords = func() map[string]string {
	m := map[string]string{}
	for _, s := range states {
		m[strings.ToLower(s.Code)] = s.Code
		m[squash(s.Name)] = s.Code
	}
	for w, c := range map[string]string{
		"mass": "MA", "calif": "CA", "cal": "CA", "fla": "FL", "ill": "IL", "penn": "PA", "penna": "PA",
		"tex": "TX", "wash": "WA", "washingtondc": "DC", "conn": "CT", "mich": "MI", "minn": "MN",
		"wisc": "WI", "ariz": "AZ", "colo": "CO", "okla": "OK", "tenn": "TN", "ore": "OR",
	} {
		m[w] = c
	}
	return m
}()

// stateCodes is the set of codes, for checking a --home-state flag.
var stateCodes = func() map[string]state {
	m := map[string]state{}
	for _, s := range states {
		m[s.Code] = s
	}
	return m
}()

// stateOfFIPS maps a two-digit state FIPS code to its postal code.
func stateOfFIPS(fips string) (string, bool) {
	for _, s := range states {
		if s.FIPS == fips {
			return s.Code, true
		}
	}
	return "", false
}

// ValidState reports whether code is a state, DC or Puerto Rico postal code ("MA"),
// case-insensitively, and returns it in upper case.
func ValidState(code string) (string, bool) {
	c := strings.ToUpper(strings.TrimSpace(code))
	_, ok := stateCodes[c]
	return c, ok
}
