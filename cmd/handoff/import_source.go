package main

import (
	"context"
	"fmt"
	"io"

	"handoff/directory/csvimport"
	"handoff/store"
)

// A CSV package's ids are minted from its source's name, so the name must not change from
// one import to the next: it comes from the package (its datapackage.json name) or from a
// --source given once, which the database remembers (store.ImportSources). A package is
// recognised as one imported before when most of its services are in the directory under
// the ids a remembered name gives them.

// matchSource finds the remembered source, other than the package's own, under which most
// of the package's services are already in the directory.
func matchSource(ctx context.Context, st *store.Store, res *csvimport.Result) (name string, found, of int, err error) {
	srcs, err := st.ImportSources(ctx)
	if err != nil {
		return "", 0, 0, err
	}
	for _, s := range srcs {
		if s.Name == res.Source {
			continue
		}
		ids := res.IDsUnder(s.Name)
		n, err := st.CountServicesIn(ctx, ids)
		if err != nil {
			return "", 0, 0, err
		}
		if n > found && 2*n >= len(ids) {
			name, found, of = s.Name, n, len(ids)
		}
	}
	return name, found, of, nil
}

// settleSource reads the package again under a remembered source when its own name is
// only its folder's, and otherwise warns, before anything is written, that the package
// matches a source imported under another name.
func settleSource(ctx context.Context, st *store.Store, dir string, res *csvimport.Result, opts csvimport.Options, errw io.Writer) (*csvimport.Result, *note, error) {
	if st == nil {
		return res, nil, nil
	}
	name, found, of, err := matchSource(ctx, st, res)
	if err != nil || name == "" {
		return res, nil, err
	}
	if res.SourceFrom == "folder" {
		opts.Source = name
		again, err := csvimport.Read(dir, opts)
		if err != nil {
			return nil, nil, err
		}
		fmt.Fprintf(errw, "%s: source %q, remembered from an earlier import of this package (%d of its %d services are in the directory)\n",
			dir, name, found, of)
		return again, nil, nil
	}
	msg := fmt.Sprintf("this package matches source %q, imported before (%d of its %d services are in the directory under that name); "+
		"imported as %q it adds them a second time: give --source %q to update them instead", name, found, of, res.Source, name)
	fmt.Fprintf(errw, "%s: warning: %s\n", dir, msg)
	return res, &note{kind: "the package matches a source imported under another name",
		ex: example{File: dir, Message: msg, text: dir + ": warning: " + msg}}, nil
}

// rememberSources records the sources of the packages written, for the next imports.
func rememberSources(ctx context.Context, st *store.Store, rep *importReport) error {
	for _, s := range rep.Sources {
		if err := st.RememberImportSource(ctx, s.Source, s.Path); err != nil {
			return err
		}
	}
	return nil
}
