package care

// Plain words for the codes, for pages that people without the codebook read (the
// agency link page): an agency answering a referral should not need to know what
// no-capacity or in-progress mean.

// outcomeLabels say each outcome as the agency would.
var outcomeLabels = map[Outcome]string{
	OutcomeGotHelp:            "Got help",
	OutcomeCouldNotContact:    "Couldn't reach them",
	OutcomeNoCapacity:         "No room",
	OutcomeNotEligible:        "Not eligible",
	OutcomeNoLongerInterested: "No longer interested",
	OutcomeReferredElsewhere:  "Referred elsewhere",
}

// Label is the outcome in plain words ("No room"); the code itself if it has none.
func (o Outcome) Label() string {
	if l, ok := outcomeLabels[o]; ok {
		return l
	}
	return string(o)
}

// agencyStatusLabels say where a referral stands, as its receiving agency reads it.
var agencyStatusLabels = map[Status]string{
	StatusDraft:          "Not sent yet",
	StatusRequested:      "Waiting for your answer",
	StatusAccepted:       "Accepted",
	StatusInProgress:     "Being worked on",
	StatusOnHold:         "On hold",
	StatusCompleted:      "Closed: they got help",
	StatusFailed:         "Closed: they did not get help here",
	StatusRejected:       "Declined",
	StatusCancelled:      "Withdrawn by the program",
	StatusEnteredInError: "Withdrawn: entered by mistake",
}

// AgencyLabel is the status in plain words for the receiving agency.
func (s Status) AgencyLabel() string {
	if l, ok := agencyStatusLabels[s]; ok {
		return l
	}
	return string(s)
}

// LinkOutcomes are the choices the agency link page offers once the agency has
// accepted a referral, in the order shown: each ends the referral with the status
// EndFor gives it (got help: completed; the others: failed).
func LinkOutcomes() []Outcome {
	return []Outcome{OutcomeGotHelp, OutcomeCouldNotContact, OutcomeNoCapacity, OutcomeNotEligible,
		OutcomeNoLongerInterested, OutcomeReferredElsewhere}
}
