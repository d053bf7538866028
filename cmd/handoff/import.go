package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"handoff/directory"
	"handoff/store"
)

// importBatch is how many records go in one transaction of a lenient import.
const importBatch = 1000

type importSummary struct {
	Created, Updated, Rejected, Warnings int
}

func newImport(cfg *config) *cobra.Command {
	var strict bool
	cmd := &cobra.Command{
		Use:   "import FILE...",
		Short: "Import HSDS 3.0 JSON: compiled services or organizations, an array of them, or ndjson",
		Long: "Import HSDS 3.0 JSON files (\"-\" reads standard input). Records are upserted by id.\n" +
			"A bad record is reported with its line and field and the others are still imported;\n" +
			"with --strict the first bad record stops the import and nothing is written.",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, files []string) error {
			st, err := openStore(cmd.Context(), cfg, nil)
			if err != nil {
				return err
			}
			defer st.Close()
			sum, err := importFiles(cmd.Context(), st, files, strict, cmd.ErrOrStderr())
			fmt.Fprintf(cmd.OutOrStdout(), "imported: %d created, %d updated, %d rejected, %d warnings\n",
				sum.Created, sum.Updated, sum.Rejected, sum.Warnings)
			if err != nil {
				return err
			}
			if sum.Rejected > 0 {
				return fmt.Errorf("%d records were rejected (see above); the others were imported", sum.Rejected)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&strict, "strict", false, "stop at the first bad record and import nothing")
	dataFlags(cmd.Flags(), cfg)
	return cmd
}

// importFiles reads and writes the files, reporting bad records to errw as it goes.
func importFiles(ctx context.Context, st *store.Store, files []string, strict bool, errw io.Writer) (importSummary, error) {
	var sum importSummary
	im := st.NewImporter(ctx, strict)
	var batch []directory.Record
	var where []string
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		res, err := im.Write(batch)
		if err != nil {
			return err
		}
		for i, r := range res {
			switch {
			case r.Err != nil:
				sum.Rejected++
				fmt.Fprintf(errw, "%s: %v\n", where[i], r.Err)
			case r.Created:
				sum.Created++
			default:
				sum.Updated++
			}
		}
		batch, where = batch[:0], where[:0]
		return nil
	}
	errStrict := errors.New("strict")
	for _, name := range files {
		r, size, closeFn, err := openInput(name)
		if err != nil {
			return sum, err
		}
		var bar *progressbar.ProgressBar
		if f, ok := errw.(*os.File); ok && term.IsTerminal(int(f.Fd())) && size > 0 {
			bar = progressbar.DefaultBytes(size, "importing "+name)
			r = io.TeeReader(r, bar)
		}
		err = directory.ReadRecords(r, func(rec directory.Record, chk *directory.Checked, rerr error) error {
			if rerr != nil {
				sum.Rejected++
				fmt.Fprintf(errw, "%s:%v\n", name, rerr)
				if strict {
					return errStrict
				}
				return nil
			}
			if chk != nil {
				for _, w := range chk.Warnings {
					sum.Warnings++
					fmt.Fprintf(errw, "%s:%d (%s): warning: %v\n", name, rec.Line, rec.ID(), w)
				}
			}
			batch = append(batch, rec)
			where = append(where, name)
			if len(batch) >= importBatch {
				return flush()
			}
			return nil
		})
		if bar != nil {
			bar.Finish()
		}
		closeFn()
		if err == nil {
			err = flush()
		}
		if err != nil {
			if strict {
				im.Abort()
				sum.Created, sum.Updated = 0, 0
				if errors.Is(err, errStrict) {
					return sum, errors.New("--strict: stopped at the first bad record; nothing was imported")
				}
				return sum, fmt.Errorf("%s: %w; nothing was imported", name, err)
			}
			return sum, fmt.Errorf("%s: %w", name, err)
		}
	}
	if strict {
		if err := im.Finish(); err != nil {
			return importSummary{}, err
		}
	}
	return sum, nil
}

func openInput(name string) (io.Reader, int64, func(), error) {
	if name == "-" {
		return os.Stdin, 0, func() {}, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, 0, nil, err
	}
	var size int64
	if fi, err := f.Stat(); err == nil {
		size = fi.Size()
	}
	return f, size, func() { f.Close() }, nil
}
