// Package hourstext reads opening hours written as free text, as 211 directories keep
// them ("7:30 am - 4:00 pm, Monday - Friday", "Mon–Thu 9–4; Fri 9–3", "Open 24 hours"),
// into HSDS 3.0 weekly schedule rows. It reads only what it can read whole: a text with
// words it does not know, or times it cannot pair with days, is refused, and the caller
// keeps the words as they are rather than show hours the source did not give.
package hourstext
