package directory

import (
	"encoding/json"
	"testing"
)

// TestHoursPack: the compact hours the offline snapshot carries say what the compiled
// hours say (offline-hours.js reads them the same way as OpenAt).
func TestHoursPack(t *testing.T) {
	for _, c := range []struct {
		name string
		rows []Schedule
		want string
	}{
		{"none", nil, ""},
		{"weekdays", []Schedule{{Freq: "WEEKLY", ByDay: "MO,TU,WE,TH,FR", OpensAt: "09:00", ClosesAt: "17:00"}}, `{"s":[[62,540,1020]]}`},
		{"24/7", []Schedule{{Freq: "WEEKLY", OpensAt: "00:00", ClosesAt: "23:59"}}, `{"s":[[127,0,1440]]}`},
		{"overnight Friday", []Schedule{{Freq: "WEEKLY", ByDay: "FR", OpensAt: "18:00", ClosesAt: "07:00"}}, `{"s":[[32,1080,1860]]}`},
		{"second Tuesday, last Friday", []Schedule{{Freq: "MONTHLY", ByDay: "2TU,-1FR", OpensAt: "18:00", ClosesAt: "20:00"}},
			`{"s":[[0,1080,1200,0,0,[22,-15],[]]]}`},
		{"first and last day", []Schedule{{Freq: "MONTHLY", ByMonthDay: "1,-1", OpensAt: "10:00", ClosesAt: "12:00"}},
			`{"s":[[0,600,720,0,0,[],[1,-1]]]}`},
		{"bounded, closed a day", []Schedule{
			{Freq: "WEEKLY", ByDay: "SA", OpensAt: "10:00", ClosesAt: "14:00", ValidFrom: "2026-01-01", ValidTo: "2026-12-31"},
			{Description: "Closed for Christmas", ValidFrom: "2026-12-25"}},
			`{"s":[[64,600,840,20260101,20261231]],"c":[[20261225,20261225]]}`},
	} {
		p, ok := CompileHours(c.rows).Pack()
		got := ""
		if ok {
			b, err := json.Marshal(p)
			if err != nil {
				t.Fatal(err)
			}
			got = string(b)
		}
		if got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}
