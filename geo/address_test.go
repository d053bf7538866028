package geo

import "testing"

func TestNormalizeAddress(t *testing.T) {
	same := []string{
		"12 Main Street", "12 Main St", "12 main st.", "12 MAIN ST", "12 Main St Apt 3", "12 Main St #3B",
		"12 Main St, Unit 3", "12 Main St. Apt. 3B", "12 Main St Fl 2", "12 Main St, 2nd Floor", "12 Main St 3B",
		"12 Main Street, Apartment 3, MA 01040", "12 Main St Rear",
		"Apt 3, 12 Main St", "12  Main   St  Suite 200", "12 Main St, MA 01040-1234", "12 Main St Bldg B",
	}
	for _, s := range same {
		if got := NormalizeAddress(s); got != "12 MAIN ST" {
			t.Errorf("NormalizeAddress(%q) = %q, want 12 MAIN ST", s, got)
		}
	}
	tests := []struct{ in, want string }{
		{"45 North Pleasant Avenue", "45 N PLEASANT AVE"},
		{"45 N. Pleasant Ave.", "45 N PLEASANT AVE"},
		{"45 n pleasant av", "45 N PLEASANT AVE"},
		{"300 Front Street Rear", "300 FRONT ST"},
		{"7 West Street", "7 W ST"},
		{"7 W St", "7 W ST"},
		{"1000 Massachusetts Avenue", "1000 MASSACHUSETTS AVE"},
		{"5 Mass Ave Apt 2", "5 MASS AVE"},
		{"22 Elm St S", "22 ELM ST S"},
		{"22 Elm Street South #4", "22 ELM ST S"},
		{"12-14 High St", "12-14 HIGH ST"},
		{"Main Street", "MAIN ST"},
		{"", ""},
		{"  ,.  ", ""},
		{"#", ""},
		{"Holyoke", "HOLYOKE"},
		{"12 Main St Holyoke", "12 MAIN ST HOLYOKE"},
	}
	for _, tt := range tests {
		if got := NormalizeAddress(tt.in); got != tt.want {
			t.Errorf("NormalizeAddress(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// Different buildings stay different.
	if NormalizeAddress("12 Main St") == NormalizeAddress("14 Main St") || NormalizeAddress("12 Main St") == NormalizeAddress("12 Main Ave") {
		t.Error("different buildings normalise alike")
	}
}

func FuzzNormalizeAddress(f *testing.F) {
	f.Add("12 Main St Apt 3")
	f.Add("#")
	f.Fuzz(func(t *testing.T, s string) {
		n := NormalizeAddress(s)
		if NormalizeAddress(n) != n {
			t.Errorf("not idempotent: %q → %q → %q", s, n, NormalizeAddress(n))
		}
	})
}
