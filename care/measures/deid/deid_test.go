package deid

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// A total of three parts, one small: the total minus the shown parts would give it back,
// so the next smallest part is suppressed too, and a rate over a withheld count goes.
func TestComplementarySuppression(t *testing.T) {
	rep := &Report{Measure: "x"}
	tb := rep.Table("parts", List, "key", "n", "share")
	total := CountCell(60)
	a, b, c := CountCell(3), CountCell(20), CountCell(37)
	half := 0.5
	tb.Add(TextCell("a"), a, RatioCell(&half, a, total))
	tb.Add(TextCell("b"), b, RatioCell(&half, b, total))
	tb.Add(TextCell("c"), c, RatioCell(&half, c, total))
	rep.Table("total", Object, "n").Add(total)
	rep.Relate(Sum(total, a, b, c))
	Rule{Min: 11}.Apply(rep)
	if !a.Primary || !b.Suppressed || b.Primary || c.Suppressed || total.Suppressed {
		t.Fatalf("a %+v b %+v c %+v total %+v", a, b, c, total)
	}
	if d := Determined(rep.Relations); len(d) != 0 {
		t.Errorf("determined %v", d)
	}
	if !tb.Rows[1][2].Suppressed || tb.Rows[2][2].Suppressed {
		t.Errorf("rates: b's %v c's %v", tb.Rows[1][2].Suppressed, tb.Rows[2][2].Suppressed)
	}
	var csv bytes.Buffer
	if err := rep.WriteCSV(&csv); err != nil {
		t.Fatal(err)
	}
	if want := "# parts\nkey,n,share\na,suppressed,suppressed\nb,suppressed,suppressed\nc,37,0.5\n\n# total\nn\n60\n"; csv.String() != want {
		t.Errorf("csv\n%s\nwant\n%s", csv.String(), want)
	}
	js, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"measure":"x","suppression":{"marker":"suppressed","threshold":11},"parts":[{"key":"a","n":null,"share":null,"suppressed":["n","share"]},{"key":"b","n":null,"share":null,"suppressed":["n","share"]},{"key":"c","n":37,"share":0.5}],"total":{"n":60}}`; string(js) != want {
		t.Errorf("json %s", js)
	}
}

// Two partitions of one small total (by month and by town): the total is suppressed, and
// so must be a second cell of each partition, or the other partition's sum gives the
// total back and with it the part.
func TestLinkedPartitions(t *testing.T) {
	rep := &Report{}
	total := CountCell(40)
	m1, m2 := CountCell(5), CountCell(35)
	t1, t2, t3 := CountCell(12), CountCell(13), CountCell(15)
	rep.Table("t", List, "a", "b", "c", "d", "e", "f").Add(total, m1, m2, t1, t2, t3)
	rep.Relate(Sum(total, m1, m2), Sum(total, t1, t2, t3))
	Rule{Min: 11}.Apply(rep)
	if d := Determined(rep.Relations); len(d) != 0 {
		t.Fatalf("determined %v", d)
	}
	for _, rel := range rep.Relations {
		if n := unknowns(rel); n == 1 {
			t.Errorf("a relation with one unknown")
		}
	}
	if !m1.Suppressed || !m2.Suppressed {
		t.Errorf("months %v %v", m1.Suppressed, m2.Suppressed)
	}
}

// Suppressed rows keep their instants to the month; workload is never suppressed; a
// median over few events is withheld; off means nothing is withheld.
func TestRowsWorkloadAndOff(t *testing.T) {
	at := time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC)
	med := 4.5
	build := func() (*Report, []*Cell) {
		rep := &Report{Zone: time.UTC}
		row := rep.Table("t", List, "n", "at", "w", "median").Add(CountCell(2), WhenCell(at, Day), WorkloadCell(1), StatisticCell(&med, 3))
		return rep, row
	}
	rep, row := build()
	Rule{Min: 11}.Apply(rep)
	if !row[0].Suppressed || row[1].Text(time.UTC) != "2026-03" || row[2].Suppressed || !row[3].Suppressed {
		t.Errorf("row %q %q %q %q", row[0].Text(nil), row[1].Text(nil), row[2].Text(nil), row[3].Text(nil))
	}
	rep, row = build()
	Rule{Min: 0}.Apply(rep)
	var got []string
	for _, c := range row {
		got = append(got, c.Text(time.UTC))
	}
	if strings.Join(got, ",") != "2,2026-03-14,1,4.5" {
		t.Errorf("off: %v", got)
	}
}

// Calls and repeat calls both shown give back the calls of the bucket "1", whose places
// equal its calls: the first determined cell (its places) has nothing left to withhold
// around it, so the rule widens around the next (its calls).
func TestWidenAroundAnyDeterminedCell(t *testing.T) {
	rep := &Report{}
	calls, repeat := CountCell(24), CountCell(23)
	p1, c1, c23, c45, c6 := CountCell(1), CountCell(1), CountCell(3), CountCell(0), CountCell(20)
	rep.Table("t", List, "a", "b", "c", "d", "e", "f", "g").Add(calls, repeat, p1, c1, c23, c45, c6)
	rep.Relate(Relation{{1, p1}, {-1, c1}}, Sum(calls, c1, c23, c45, c6), Sum(repeat, c23, c45, c6))
	Rule{Min: 11}.Apply(rep)
	if d := Determined(rep.Relations); len(d) != 0 {
		t.Errorf("determined: %d cells", len(d))
	}
}
