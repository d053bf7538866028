package directory

import (
	"fmt"
	"strings"
	"time"
)

// CheckSchedules checks schedule rows as a person edits them, before they are saved:
// the field checks every write makes (ValidateService's), and the sense of each row
// that a hand-made schedule gets wrong and an import may not (an ordinal day in a weekly
// row, a monthly row with no day, a closing time without an opening, dates in the wrong
// order, a closure without its date). Each problem names its field as
// "schedules[2].closes_at". Rows without ids are fine: the write gives them theirs.
func CheckSchedules(rows []Schedule) FieldErrors {
	r := report{now: time.Now()}
	for i := range rows {
		p := fmt.Sprintf("schedules[%d].", i)
		row := rows[i]
		if row.ID == "" {
			row.ID = NewID() // a new row: the write names it
		}
		row.Freq = strings.ToUpper(strings.TrimSpace(row.Freq))
		checkSchedule(&r, p, &row)
		checkScheduleSense(&r, p, &row)
	}
	return r.errs
}

// ScheduleSense is the sense checks of CheckSchedules alone, for a write that has
// passed ValidateService: a service whose schedules an edit changes is held to them,
// while one whose imported rows are merely odd can still have its description fixed.
// prefix names the rows' place ("" for a service's own "schedules[i]").
func ScheduleSense(prefix string, rows []Schedule) FieldErrors {
	r := report{now: time.Now()}
	for i := range rows {
		row := rows[i]
		row.Freq = strings.ToUpper(strings.TrimSpace(row.Freq))
		checkScheduleSense(&r, fmt.Sprintf("%sschedules[%d].", prefix, i), &row)
	}
	return r.errs
}

func checkScheduleSense(r *report, p string, s *Schedule) {
	opens, closes := strings.TrimSpace(s.OpensAt), strings.TrimSpace(s.ClosesAt)
	closure := strings.HasPrefix(strings.ToLower(strings.TrimSpace(s.Description)), "closed")
	switch {
	case opens == "" && closes != "":
		r.errorf(p+"opens_at", "is required with a closing time: when does it open?")
	case opens == "" && closure && s.ValidFrom == "":
		r.errorf(p+"valid_from", "is required: the date it is closed")
	case opens == "" && !closure && strings.TrimSpace(s.Description) == "":
		r.errorf(p+"opens_at", "is required: when does it open?")
	}
	if opens != "" && closes == "" {
		r.errorf(p+"closes_at", "is required: when does it close? (the same time as it opens means the whole day)")
	}
	days, err := ParseByDay(s.ByDay)
	if err == nil {
		ordinal := false
		for _, d := range days {
			ordinal = ordinal || d.Ord != 0
		}
		switch {
		case ordinal && s.Freq != "MONTHLY":
			r.errorf(p+"byday", "names a day of the month (%s): the row must repeat monthly", clip(s.ByDay))
		case s.Freq == "MONTHLY" && !ordinal && strings.TrimSpace(s.ByMonthDay) == "" && opens != "":
			r.errorf(p+"byday", "is required for a monthly row: which day of the month (2TU is the 2nd Tuesday, -1FR the last Friday)")
		}
	}
	if from, to := parseYMD(s.ValidFrom), parseYMD(s.ValidTo); from != 0 && to != 0 && to < from {
		r.errorf(p+"valid_to", "must not be before valid_from (%s)", s.ValidFrom)
	}
}
