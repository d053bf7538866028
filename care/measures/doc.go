// Package measures is the program's reports: repeat locations of behavioral-health
// calls, interactions per shift, diversions from the emergency department and from
// arrest, and referral completion; and their published dictionary (Definitions).
//
// The measures are pure functions over rows the store returns: the store selects and
// counts, this package does the arithmetic (groups, rates, medians, clustering), so that
// every figure can be checked on data built by hand. Each report turns into tables with
// the relations between their cells (its Deid method), which the one de-identification
// rule of package deid suppresses and JSON and CSV encode alike. No names, no notes, no
// phone numbers; people appear only as counts. Like care, it never imports the store, an
// HTTP framework or a SQL driver.
package measures
