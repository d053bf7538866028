package main

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/spf13/cobra"

	"handoff/directory/csvimport"
	"handoff/directory/icarol"
)

// formatICarol is --format's value for iCarol / AIRS CSV exports.
const formatICarol = "icarol"

// icarolFlags adds --format to the import command.
func icarolFlags(cmd *cobra.Command, opts *importOptions) {
	cmd.Flags().StringVar(&opts.Format, "format", "", "\"icarol\": the files are iCarol / AIRS CSV exports (agencies, programs, sites in one file)")
	prev := cmd.PreRunE
	cmd.PreRunE = func(cmd *cobra.Command, args []string) error {
		if opts.Format != "" && opts.Format != formatICarol {
			return fmt.Errorf("--format %q: the only format is %q (HSDS JSON and CSV packages need none)", opts.Format, formatICarol)
		}
		if prev != nil {
			return prev(cmd, args)
		}
		return nil
	}
}

// readICarol compiles an iCarol export and queues its records, as readCSVPackage does a
// CSV package: problems are listed with the file's line and column, a rejected record
// leaves the others, and --strict writes nothing when any row is bad.
func readICarol(b *batcher, name string, opts importOptions, errw io.Writer) error {
	res, err := icarol.Read(name, icarol.Options{Source: opts.Source, Crosswalk: opts.Crosswalk})
	if err != nil {
		return fmt.Errorf("%w; nothing of it was imported", err)
	}
	c := res.Counts
	fmt.Fprintf(errw, "%s: iCarol export, source %q: %d agencies, %d programs, %d sites; %d inactive programs and %d inactive agencies not imported; "+
		"%d programs \"do not refer\" (kept, flagged); hours read for %d programs, kept as text for %d\n",
		name, res.Source, c.Agencies, c.Programs, c.Sites, c.InactivePrograms, c.InactiveAgencies, c.DoNotRefer, c.HoursParsed, c.HoursAsText)
	at := filepath.Clean(filepath.Dir(name)) + string(filepath.Separator)
	prefix := func(p string) string { return at + p }
	bad := b.noteProblems(res.Problems, res.Items, prefix, func(it csvimport.Item) note {
		return note{kind: it.File + " rejected", err: true, ex: example{File: at + it.File, Line: it.Err.Line, Message: it.Err.Error(),
			text: fmt.Sprintf("%s%s:%v", at, it.File, it.Err)}}
	})
	if bad && opts.Strict {
		return errStrict
	}
	for _, it := range res.Items {
		if it.Err != nil {
			continue
		}
		if err := b.add(it.Record, at+it.File); err != nil {
			return err
		}
	}
	return nil
}
