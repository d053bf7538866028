package directory

import (
	"fmt"
	"strings"
	"time"
)

// FieldError names one bad field of a record by its JSON path, such as
// "service_at_locations[0].location.latitude".
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error formats the field and the message.
func (e FieldError) Error() string { return e.Field + ": " + e.Message }

// FieldErrors is every bad field of a record, not just the first.
type FieldErrors []FieldError

// Error joins the field errors.
func (es FieldErrors) Error() string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "; ")
}

// report collects errors and warnings while a record is checked.
type report struct {
	errs  FieldErrors
	warns FieldErrors
	// now is when the record is checked: dates and times may not lie beyond it.
	now time.Time
}

func (r *report) errorf(field, format string, args ...any) {
	r.errs = append(r.errs, FieldError{field, fmt.Sprintf(format, args...)})
}

func (r *report) warnf(field, format string, args ...any) {
	r.warns = append(r.warns, FieldError{field, fmt.Sprintf(format, args...)})
}
