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
	var index bool
	var opts importOptions
	var crosswalk string
	cmd := &cobra.Command{
		Use:   "import FILE|DIR...",
		Short: "Import HSDS 3.0 JSON (compiled services or organizations, an array, ndjson) or an HSDS 1.x CSV package",
		Long: "Import HSDS 3.0 JSON files (\"-\" reads standard input) or HSDS 1.x CSV packages: a folder\n" +
			"holding organizations.csv, services.csv, locations.csv … (the Ohana API layout too).\n" +
			"Records are upserted by id; a CSV package's ids that are not UUIDs become stable UUIDs\n" +
			"named by --source, so importing it again updates instead of duplicating. Its taxonomy\n" +
			"terms and keywords are kept and crosswalked onto handoff:need and handoff:level_of_care.\n" +
			"A bad record is reported with its file, line and field and the others are still imported;\n" +
			"with --strict the first bad record stops the import and nothing is written.\n" +
			"Afterwards the search index in the data folder is brought up to date, unless a\n" +
			"running serve holds it (serve follows the import itself).",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, files []string) error {
			if err := opts.prepare(files, crosswalk); err != nil {
				return err
			}
			st, err := openStore(cmd.Context(), cfg, nil)
			if err != nil {
				return err
			}
			defer st.Close()
			sum, err := importWith(cmd.Context(), st, files, opts, cmd.ErrOrStderr())
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
	cmd.Flags().BoolVar(&opts.Strict, "strict", false, "stop at the first bad record and import nothing")
	cmd.Flags().StringVar(&opts.Source, "source", "", "CSV package: the source's name, from which ids are minted (default: datapackage.json's name, else the folder's)")
	cmd.Flags().StringVar(&crosswalk, "crosswalk", "", "CSV package: a crosswalk table to use instead of the built-in one (the format of directory/csvimport/crosswalk.csv)")
	cmd.Flags().BoolVar(&index, "index", true, "bring the search index up to date after importing (--index=false leaves it to serve)")
	icarolFlags(cmd, &opts)
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

// importFiles is importWith with only --strict chosen, as the JSON tests and benchmarks use it.
func importFiles(ctx context.Context, st *store.Store, files []string, strict bool, errw io.Writer) (importSummary, error) {
	return importWith(ctx, st, files, importOptions{Strict: strict}, errw)
}

// importWith reads and writes the files, reporting bad records to errw as it goes. Reading
// and decoding run in their own goroutine, so that the JSON work of the next batch overlaps
// the database work of this one.
func importWith(ctx context.Context, st *store.Store, files []string, opts importOptions, errw io.Writer) (importSummary, error) {
	strict := opts.Strict
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan *batch, 2)
	readErr := make(chan error, 1)
	go func() {
		defer close(batches)
		readErr <- readBatches(ctx, files, opts, errw, batches)
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
		for _, r := range b.recs {
			if r.Service != nil {
				directory.MarkImported(r.Service)
			}
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

// errStrict stops the reading at the first bad record of a strict import.
var errStrict = errors.New("strict")

// batcher fills batches of records and hands them to the writer.
type batcher struct {
	ctx context.Context
	out chan<- *batch
	cur *batch
}

func (b *batcher) send() error {
	select {
	case b.out <- b.cur:
		b.cur = &batch{}
		return nil
	case <-b.ctx.Done():
		return b.ctx.Err()
	}
}

// add queues a record read from where, sending the batch when it is full.
func (b *batcher) add(rec directory.Record, where string) error {
	b.cur.recs = append(b.cur.recs, rec)
	b.cur.where = append(b.cur.where, where)
	if len(b.cur.recs) >= importBatch {
		return b.send()
	}
	return nil
}

// readBatches decodes the files (and CSV packages, given as folders) into batches. In
// strict mode it stops at the first bad record.
func readBatches(ctx context.Context, files []string, opts importOptions, errw io.Writer, out chan<- *batch) error {
	b := &batcher{ctx: ctx, out: out, cur: &batch{}}
	for _, name := range files {
		var err error
		if opts.Format == formatICarol {
			err = readICarol(b, name, opts, errw)
		} else if isDir(name) {
			err = readCSVPackage(b, name, opts, errw)
		} else {
			err = readJSONFile(b, name, opts.Strict, errw)
		}
		if errors.Is(err, errStrict) {
			b.cur.recs, b.cur.where = nil, nil
			return b.send()
		}
		if err != nil {
			b.send()
			return err
		}
	}
	return b.send()
}

// readJSONFile decodes one HSDS 3.0 JSON file ("-" is standard input).
func readJSONFile(b *batcher, name string, strict bool, errw io.Writer) error {
	r, size, closeFn, err := openInput(name)
	if err != nil {
		return err
	}
	defer closeFn()
	var bar *progressbar.ProgressBar
	if f, ok := errw.(*os.File); ok && term.IsTerminal(int(f.Fd())) && size > 0 {
		bar = progressbar.DefaultBytes(size, "importing "+name)
		r = io.TeeReader(r, bar)
	}
	err = directory.ReadRecords(r, func(rec directory.Record, chk *directory.Checked, rerr error) error {
		cur := b.cur
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
		return b.add(rec, name)
	})
	if bar != nil {
		bar.Finish()
	}
	if err != nil && !errors.Is(err, errStrict) {
		return fmt.Errorf("%s:%w", name, err)
	}
	return err
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
