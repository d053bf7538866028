package seed

// slot is one HSDS schedule row: an opening interval repeated by RRULE fields. A
// closes_at earlier than opens_at means the interval runs past midnight into the next day.
type slot struct {
	freq   string // WEEKLY or MONTHLY
	byday  string // "MO,TU,WE,TH,FR", or "2TU" (second Tuesday) with MONTHLY
	opens  string // HH:MM, local time
	closes string // HH:MM, local time
	desc   string
}

const (
	everyDay = "MO,TU,WE,TH,FR,SA,SU"
	weekdays = "MO,TU,WE,TH,FR"
)

// shapes are the opening-hours patterns the catalog refers to by name. Between them they
// cover what "open now" has to get right: 24 hours, past midnight, split days (two rows
// for the same day), evenings, weekends and monthly nth-weekday rules.
var shapes = map[string][]slot{
	"24/7":      {{"WEEKLY", everyDay, "00:00", "23:59", "Open 24 hours"}},
	"weekdays":  {{"WEEKLY", weekdays, "09:00", "17:00", ""}},
	"split":     {{"WEEKLY", weekdays, "08:30", "12:00", "Morning hours"}, {"WEEKLY", weekdays, "13:00", "17:00", "Afternoon hours (closed for lunch)"}},
	"clinic":    {{"WEEKLY", "MO,TU,WE,TH", "08:00", "19:00", ""}, {"WEEKLY", "FR", "08:00", "16:00", ""}},
	"late":      {{"WEEKLY", "MO,WE", "12:00", "20:00", "Late hours"}, {"WEEKLY", "TU,TH,FR", "09:00", "17:00", ""}},
	"dosing":    {{"WEEKLY", weekdays, "05:30", "13:00", "Dosing and counseling"}, {"WEEKLY", "SA,SU", "07:00", "10:00", "Weekend dosing"}},
	"iop_am":    {{"WEEKLY", "MO,TU,WE,TH", "09:00", "12:00", "Morning group program"}},
	"iop_pm":    {{"WEEKLY", "MO,TU,TH", "17:30", "20:30", "Evening group program"}},
	"peer":      {{"WEEKLY", weekdays, "10:00", "18:00", ""}, {"WEEKLY", "SA", "10:00", "14:00", "Saturday drop-in"}},
	"living":    {{"WEEKLY", everyDay, "10:00", "22:00", ""}},
	"overnight": {{"WEEKLY", "FR,SA", "18:00", "07:00", "Overnight, closes the next morning"}},
	"warmline":  {{"WEEKLY", everyDay, "17:00", "01:00", "Evenings, until 1 a.m."}},
	"evenings":  {{"WEEKLY", "MO,TU,WE,TH", "17:00", "21:00", "Evenings"}},
	"meetings":  {{"WEEKLY", everyDay, "19:00", "20:30", "Evening meetings"}, {"WEEKLY", "SA,SU", "10:00", "11:30", "Weekend morning meetings"}},
	"shelter":   {{"WEEKLY", everyDay, "17:00", "08:00", "Overnight; intake until 9 p.m."}},
	"daycenter": {{"WEEKLY", everyDay, "07:00", "15:00", ""}},
	"pantry":    {{"WEEKLY", "TU,TH", "10:00", "13:00", ""}, {"WEEKLY", "SA", "09:00", "11:00", "Saturday pantry"}},
	"pantry_pm": {{"WEEKLY", "WE", "15:00", "18:30", "After-work pantry"}, {"MONTHLY", "3SA", "09:00", "12:00", "Third Saturday of the month"}},
	"pantry_wk": {{"WEEKLY", "MO,WE,FR", "09:00", "12:00", ""}},
	"meals":     {{"WEEKLY", everyDay, "11:30", "13:00", "Lunch"}, {"WEEKLY", weekdays, "16:30", "18:00", "Supper"}},
	"breakfast": {{"WEEKLY", everyDay, "06:30", "08:30", "Breakfast"}},
	"market":    {{"MONTHLY", "1SA", "09:00", "12:00", "First Saturday of the month"}},
	"legal_2tu": {{"MONTHLY", "2TU", "17:30", "19:30", "Second Tuesday of the month"}},
	"legal_1we": {{"MONTHLY", "1WE", "12:00", "15:00", "First Wednesday of the month"}},
	"group_3th": {{"MONTHLY", "3TH", "18:30", "20:00", "Third Thursday of the month"}},
	"rides":     {{"WEEKLY", "MO,TU,WE,TH,FR,SA", "06:00", "18:00", "Book rides by phone"}},
	"van":       {{"WEEKLY", "TU,TH", "10:00", "15:00", "Van at stops around town"}, {"WEEKLY", "SA", "10:00", "13:00", ""}},
	"weekend":   {{"WEEKLY", "SA,SU", "10:00", "16:00", "Weekends"}},
}
