package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"

	"handoff/care"
	"handoff/directory"
)

// refChecks collects the references of one write that name no record, or the wrong
// kind of record, as care.ReferenceErrors (422). They are checked in the write's
// transaction, so that what was checked is what is written.
type refChecks struct {
	errs directory.FieldErrors
}

// user checks that id names an account of one of roles that is not disabled
// (care.CheckUserRef).
func (r *refChecks) user(ctx context.Context, tx *sqlx.Tx, field, what, id string, roles []string) error {
	ref, err := userRef(ctx, tx, what, id)
	if err != nil {
		return err
	}
	if fe := care.CheckUserRef(field, what, ref, roles); fe != nil {
		r.errs = append(r.errs, *fe)
	}
	return nil
}

// userRef reads what care.CheckUserRef decides on: whether the account exists, its role
// and whether it is disabled. what names the account's part in errors.
func userRef(ctx context.Context, tx *sqlx.Tx, what, id string) (care.UserRef, error) {
	var u struct {
		Role     string `db:"role"`
		Disabled bool   `db:"disabled"`
	}
	err := tx.GetContext(ctx, &u, `SELECT role, disabled FROM users WHERE id = $1`, id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return care.UserRef{}, nil
	case err != nil:
		return care.UserRef{}, fmt.Errorf("store: find %s: %w", what, err)
	}
	return care.UserRef{Found: true, Role: u.Role, Disabled: u.Disabled}, nil
}

// organization checks that id names an organization of the directory.
func (r *refChecks) organization(ctx context.Context, tx *sqlx.Tx, field, id string) error {
	var one int
	err := tx.GetContext(ctx, &one, `SELECT 1 FROM organizations WHERE id = $1`, id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		r.errs = append(r.errs, directory.FieldError{Field: field, Message: "no organization with this id in the directory"})
	case err != nil:
		return fmt.Errorf("store: find organization: %w", err)
	}
	return nil
}

// err returns the collected errors as care.ReferenceErrors, or nil.
func (r *refChecks) err() error {
	if len(r.errs) == 0 {
		return nil
	}
	return care.ReferenceErrors(r.errs)
}
