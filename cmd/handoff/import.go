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

// importBatch is how many records go in one transaction of a lenient import. Random UUID
// keys spread a batch's inserts over many B-tree pages, and a larger transaction writes
// each page fewer times: 100,000 gen services took 35 s in batches of 1,000, 26 s in
// batches of 5,000 (420 MB peak) and 24 s in batches of 10,000 (610 MB).
const importBatch = 5000

type importSummary struct {
	Created, Updated, Rejected, Warnings int
}

func newImport(cfg *config) *cobra.Command {
	var strict, index bool
	cmd := &cobra.Command{
		Use:   "import FILE...",
		Short: "Import HSDS 3.0 JSON: compiled services or organizations, an array of them, or ndjson",
		Long: "Import HSDS 3.0 JSON files (\"-\" reads standard input). Records are upserted by id.\n" +
			"A bad record is reported with its line and field and the others are still imported;\n" +
			"with --strict the first bad record stops the import and nothing is written.\n" +
			"Afterwards the search index in the data folder is brought up to date, unless a\n" +
			"running serve holds it (serve follows the import itself).",
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
			if index && sum.Created+sum.Updated > 0 {
				if err := updateIndex(cmd.Context(), cfg, st, cmd.OutOrStdout(), cmd.ErrOrStderr()); err != nil {
					return err
				}
			}
			if sum.Rejected > 0 {
				return fmt.Errorf("%d records were rejected (see above); the others were imported", sum.Rejected)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&strict, "strict", false, "stop at the first bad record and import nothing")
	cmd.Flags().BoolVar(&index, "index", true, "bring the search index up to date after importing (--index=false leaves it to serve)")
	dataFlags(cmd.Flags(), cfg)
	return cmd
}

// batch is one transaction's worth of records, with the messages found while reading them.
type batch struct {
	recs     []directory.Record
	where    []string
	notes    []string // warnings and rejected records, already formatted
	rejected int
	warnings int
}

// importFiles reads and writes the files, reporting bad records to errw as it goes. Reading
// and decoding run in their own goroutine, so that the JSON work of the next batch overlaps
// the database work of this one.
func importFiles(ctx context.Context, st *store.Store, files []string, strict bool, errw io.Writer) (importSummary, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan *batch, 2)
	readErr := make(chan error, 1)
	go func() {
		defer close(batches)
		readErr <- readBatches(ctx, files, strict, errw, batches)
	}()

	var sum importSummary
	im := st.NewImporter(ctx, strict)
	var writeErr error
	for b := range batches {
		for _, n := range b.notes {
			fmt.Fprintln(errw, n)
		}
		sum.Rejected += b.rejected
		sum.Warnings += b.warnings
		if writeErr != nil || len(b.recs) == 0 {
			continue
		}
		res, err := im.Write(b.recs)
		if err != nil {
			writeErr = err
			cancel()
			continue
		}
		for i, r := range res {
			switch {
			case r.Err != nil:
				sum.Rejected++
				fmt.Fprintf(errw, "%s:%v\n", b.where[i], r.Err)
			case r.Created:
				sum.Created++
			default:
				sum.Updated++
			}
		}
	}
	err := <-readErr
	if writeErr != nil {
		err = writeErr
	}
	if strict {
		if err == nil && sum.Rejected > 0 {
			err = errors.New("--strict: stopped at the first bad record")
		}
		if err != nil {
			im.Abort()
			return importSummary{Rejected: sum.Rejected, Warnings: sum.Warnings}, fmt.Errorf("%w; nothing was imported", err)
		}
		return sum, im.Finish()
	}
	return sum, err
}

// readBatches decodes the files into batches. In strict mode it stops at the first bad record.
func readBatches(ctx context.Context, files []string, strict bool, errw io.Writer, out chan<- *batch) error {
	cur := &batch{}
	send := func() error {
		select {
		case out <- cur:
			cur = &batch{}
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	errStrict := errors.New("strict")
	for _, name := range files {
		r, size, closeFn, err := openInput(name)
		if err != nil {
			return err
		}
		var bar *progressbar.ProgressBar
		if f, ok := errw.(*os.File); ok && term.IsTerminal(int(f.Fd())) && size > 0 {
			bar = progressbar.DefaultBytes(size, "importing "+name)
			r = io.TeeReader(r, bar)
		}
		err = directory.ReadRecords(r, func(rec directory.Record, chk *directory.Checked, rerr error) error {
			if rerr != nil {
				cur.rejected++
				cur.notes = append(cur.notes, fmt.Sprintf("%s:%v", name, rerr))
				if strict {
					return errStrict
				}
				return nil
			}
			if chk != nil {
				for _, w := range chk.Warnings {
					cur.warnings++
					cur.notes = append(cur.notes, fmt.Sprintf("%s:line %d (%s): warning: %v", name, rec.Line, rec.ID(), w))
				}
			}
			cur.recs = append(cur.recs, rec)
			cur.where = append(cur.where, name)
			if len(cur.recs) >= importBatch {
				return send()
			}
			return nil
		})
		if bar != nil {
			bar.Finish()
		}
		closeFn()
		if errors.Is(err, errStrict) {
			cur.recs, cur.where = nil, nil
			return send()
		}
		if err != nil {
			send()
			return fmt.Errorf("%s:%w", name, err)
		}
	}
	return send()
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
