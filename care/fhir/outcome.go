package fhir

import (
	"net/http"

	r4 "github.com/samply/golang-fhir-models/fhir-models/fhir"
)

// Issue is one problem for an OperationOutcome: the field it names (a FHIRPath
// expression or a request parameter), and what is wrong.
type Issue struct {
	Field   string
	Message string
}

// OperationOutcome is an error answer of the FHIR routes: one issue of the HTTP status's
// FHIR issue type, with the detail as diagnostics, or one issue per bad field. id is the
// request id, which the logs carry.
func OperationOutcome(id string, status int, detail string, issues []Issue) r4.OperationOutcome {
	code := IssueType(status)
	sev := r4.IssueSeverityError
	if status >= 500 {
		sev = r4.IssueSeverityFatal
	}
	title := http.StatusText(status)
	o := r4.OperationOutcome{Id: nonEmpty(id)}
	if len(issues) == 0 {
		o.Issue = []r4.OperationOutcomeIssue{{Severity: sev, Code: code, Details: &r4.CodeableConcept{Text: ptr(title)}, Diagnostics: nonEmpty(detail)}}
		return o
	}
	for _, is := range issues {
		i := r4.OperationOutcomeIssue{Severity: sev, Code: code, Details: &r4.CodeableConcept{Text: ptr(title)}, Diagnostics: nonEmpty(is.Message)}
		if is.Field != "" {
			i.Expression = []string{is.Field}
		}
		o.Issue = append(o.Issue, i)
	}
	return o
}

// IssueType is the FHIR issue type of an HTTP error status.
func IssueType(status int) r4.IssueType {
	switch status {
	case http.StatusBadRequest, http.StatusUnprocessableEntity:
		return r4.IssueTypeInvalid
	case http.StatusUnauthorized:
		return r4.IssueTypeLogin
	case http.StatusForbidden:
		return r4.IssueTypeForbidden
	case http.StatusNotFound:
		return r4.IssueTypeNotFound
	case http.StatusGone:
		return r4.IssueTypeDeleted
	case http.StatusConflict, http.StatusPreconditionFailed:
		return r4.IssueTypeConflict
	case http.StatusMethodNotAllowed, http.StatusNotAcceptable, http.StatusUnsupportedMediaType:
		return r4.IssueTypeNotSupported
	case http.StatusRequestEntityTooLarge:
		return r4.IssueTypeTooLong
	case http.StatusTooManyRequests:
		return r4.IssueTypeThrottled
	case http.StatusServiceUnavailable:
		return r4.IssueTypeTransient
	}
	return r4.IssueTypeException
}
