package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"handoff/directory/hsds3csv"
	"handoff/store"
)

// formatHSDS3CSV is export's --format for an HSDS 3.0 tabular package.
const formatHSDS3CSV = "hsds3-csv"

// exportHSDS3 writes the whole directory as an HSDS 3.0 tabular package: every service
// (in id order) with its organization and locations, then the organizations no service
// names, with the locations where no service is delivered. out is a folder, or a .zip.
func exportHSDS3(ctx context.Context, st *store.Store, out string) (map[string]int, error) {
	if out == "" || out == "-" {
		return nil, errors.New("--format hsds3-csv writes a folder or a .zip: give it with -o")
	}
	w := hsds3csv.NewWriter()
	err := st.EachServiceBatch(ctx, store.ServiceFilter{}, 500, func(ids []string) error {
		svcs, err := st.Services(ctx, ids)
		if err != nil {
			return err
		}
		for i := range svcs {
			w.AddService(&svcs[i])
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := exportOrganizations(ctx, st, w); err != nil {
		return nil, err
	}
	for _, id := range w.TaxonomiesWanted() {
		t, err := st.Taxonomy(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			continue // a term may name a taxonomy the directory never had
		}
		if err != nil {
			return nil, err
		}
		w.AddTaxonomy(t)
	}
	if !strings.EqualFold(filepath.Ext(out), ".zip") {
		return w.Rows(), w.WriteDir(out)
	}
	f, err := os.Create(out)
	if err != nil {
		return nil, err
	}
	if err := w.WriteZip(f); err != nil {
		f.Close()
		return nil, err
	}
	return w.Rows(), f.Close()
}

// exportOrganizations adds each organization with its locations. An organization that
// services name was written with them; it is loaded whole again only for the locations of
// it where no service is delivered, which no service carries.
func exportOrganizations(ctx context.Context, st *store.Store, w *hsds3csv.Writer) error {
	for page := 1; ; page++ {
		orgs, _, err := st.Organizations(ctx, "", store.Page{Number: page, PerPage: 500})
		if err != nil {
			return fmt.Errorf("export organizations: %w", err)
		}
		for _, o := range orgs {
			full, err := st.Organization(ctx, o.ID, true)
			if err != nil {
				return fmt.Errorf("export organization %s: %w", o.ID, err)
			}
			full.Services = nil // written already, in id order
			w.AddOrganization(&full)
		}
		if len(orgs) < 500 {
			return nil
		}
	}
}
