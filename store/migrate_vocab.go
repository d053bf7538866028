package store

import (
	"context"
	"database/sql"

	"github.com/pressly/goose/v3"

	"handoff/directory"
)

// goMigrations are the migrations written in Go, shared by both dialects. Version 2
// installs Handoff's vocabularies from directory.Vocabularies, so the taxonomy is defined
// once; version 23 chains the audit log (migrate_auditchain.go).
func goMigrations(d Dialect) []*goose.Migration {
	return []*goose.Migration{
		goose.NewGoMigration(2, &goose.GoFunc{RunTx: installVocabularies}, nil),
		goose.NewGoMigration(auditChainVersion, &goose.GoFunc{RunTx: chainAuditMigration(d)}, nil),
	}
}

func installVocabularies(ctx context.Context, tx *sql.Tx) error {
	for _, v := range directory.Vocabularies {
		tid := directory.TaxonomyID(v.Name)
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO taxonomies (id, name, description, uri, version) VALUES ($1, $2, $3, '', '1')
			 ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description`,
			tid, v.Name, v.Description); err != nil {
			return err
		}
		for _, t := range v.Terms {
			if _, err := tx.ExecContext(ctx,
				`INSERT INTO taxonomy_terms (id, code, name, description, taxonomy, taxonomy_id, language)
				 VALUES ($1, $2, $3, $3, $4, $5, 'en')
				 ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description`,
				directory.TermID(v.Name, t.Code), t.Code, t.Label, v.Name, tid); err != nil {
				return err
			}
		}
	}
	return nil
}
