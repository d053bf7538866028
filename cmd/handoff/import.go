package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"handoff/directory"
	"handoff/directory/csvimport"
	"handoff/directory/hsds3csv"
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
	var crosswalk, reportFile string
	rc := &regionConfig{}
	cmd := &cobra.Command{
		Use:   "import FILE|DIR...",
		Short: "Import HSDS 3.0 JSON (compiled services or organizations, an array, ndjson), an HSDS 3.0 tabular package or an HSDS 1.x CSV package",
		Long: "Import HSDS 3.0 JSON files (\"-\" reads standard input) or HSDS 1.x CSV packages: a folder\n" +
			"holding organizations.csv, services.csv, locations.csv … (the Ohana API layout too).\n" +
			"An HSDS 3.0 tabular package (service_at_location.csv, schedules.csv, attributes.csv …, as\n" +
			"`handoff export --format hsds3-csv` writes it) is told apart and read as such; its UUIDs are kept.\n" +
			"Records are upserted by id; a CSV package's ids that are not UUIDs become stable UUIDs\n" +
			"named by --source, so importing it again updates instead of duplicating. Its taxonomy\n" +
			"terms and keywords are kept and crosswalked onto handoff:need and handoff:level_of_care.\n" +
			"A bad record is reported with its file, line and field and the others are still imported;\n" +
			"with --strict the first bad record stops the import and nothing is written.\n" +
			"Afterwards the search index in the data folder is brought up to date, unless a\n" +
			"running serve holds it (serve follows the import itself).",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, files []string) error {
			if err := rc.apply(nil); err != nil {
				return err
			}
			if err := opts.prepare(files, crosswalk); err != nil {
				return err
			}
			st, err := openStore(cmd.Context(), cfg, nil)
			if err != nil {
				return err
			}
			defer st.Close()
			opts.report = newImportReport()
			sum, err := importWith(cmd.Context(), st, files, opts, cmd.ErrOrStderr())
			fmt.Fprintf(cmd.OutOrStdout(), "imported: %d created, %d updated, %d rejected, %d warnings\n",
				sum.Created, sum.Updated, sum.Rejected, sum.Warnings)
			if reportFile != "" {
				if werr := opts.report.writeFile(reportFile); werr != nil && err == nil {
					err = werr
				}
			}
			if err != nil {
				return err
			}
			if index && sum.Created+sum.Updated > 0 {
				if err := updateIndex(cmd.Context(), cfg, st, cmd.OutOrStdout(), cmd.ErrOrStderr()); err != nil {
					return err
				}
			}
			switch {
			case sum.Rejected > 0 && sum.Created+sum.Updated == 0:
				return fmt.Errorf("%d records were rejected (see above) and none was imported", sum.Rejected)
			case sum.Rejected > 0:
				return fmt.Errorf("%d records were rejected (see above); the %d others were imported", sum.Rejected, sum.Created+sum.Updated)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&opts.Strict, "strict", false, "stop at the first bad record and import nothing")
	cmd.Flags().StringVar(&opts.Source, "source", "", "CSV package: the source's name, from which ids are minted (default: datapackage.json's name, else the folder's)")
	cmd.Flags().StringVar(&crosswalk, "crosswalk", "", "CSV package or iCarol export: a crosswalk table (words and airs: code prefixes) to use instead of the built-in one (the format of directory/csvimport/crosswalk.csv)")
	cmd.Flags().StringVar(&reportFile, "report", "", "write what was read, imported, repaired and rejected, and what the services lack, as JSON to this file")
	cmd.Flags().BoolVar(&opts.DropSuspect, "drop-suspect-coordinates", false, "CSV package: leave out coordinates far from their address's ZIP code instead of only flagging them")
	cmd.Flags().Float64Var(&opts.SuspectKm, "suspect-km", 0, "CSV package: how far (km) coordinates may lie from their ZIP code's centre before they are suspect (default 25)")
	cmd.Flags().BoolVar(&index, "index", true, "bring the search index up to date after importing (--index=false leaves it to serve)")
	icarolFlags(cmd, &opts)
	regionFlags(cmd.Flags(), rc)
	dataFlags(cmd.Flags(), cfg)
	return cmd
}

// batch is one transaction's worth of records, with the messages found while reading them.
type batch struct {
	recs     []directory.Record
	where    []string
	notes    []note // warnings and rejected records
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
func importWith(ctx context.Context, st *store.Store, files []string, opts importOptions, errw io.Writer) (sum importSummary, err error) {
	started := time.Now()
	defer func() {
		if herr := recordImportRun(ctx, st, files, opts, opts.report, started, sum, err); herr != nil && err == nil {
			err = herr
		}
	}()
	strict := opts.Strict
	rep := opts.report
	if rep == nil {
		rep = newImportReport()
	}
	opts.report, opts.st = rep, st
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan *batch, 2)
	readErr := make(chan error, 1)
	go func() {
		defer close(batches)
		readErr <- readBatches(ctx, files, opts, errw, batches)
	}()

	im := st.NewImporter(ctx, strict)
	im.From(importName(files, opts.Source))
	var writeErr error
	for b := range batches {
		for _, n := range b.notes {
			rep.add(n)
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
				n := recordNote(b.where[i], b.recs[i].Line, b.recs[i].ID(), "", r.Err.Error(), true)
				n.kind = "rejected by the database: " + b.where[i]
				rep.add(n)
			case r.Created:
				sum.Created++
			default:
				sum.Updated++
			}
		}
		rep.written(okRecords(b.recs, res))
	}
	err = <-readErr
	if writeErr != nil {
		err = writeErr
	}
	if strict {
		if err == nil && sum.Rejected > 0 {
			err = errors.New("--strict: stopped at the first bad record")
		}
		if err != nil {
			im.Abort()
			sum = importSummary{Rejected: sum.Rejected, Warnings: sum.Warnings}
			rep.finish(ctx, nil, sum, false)
			rep.printSummary(errw)
			return sum, fmt.Errorf("%w; nothing was imported", err)
		}
		err = im.Finish()
	}
	if err == nil || !strict {
		if rerr := rememberSources(ctx, st, rep); rerr != nil && err == nil {
			err = rerr
		}
	}
	if ferr := rep.finish(ctx, st, sum, err == nil || !strict); ferr != nil && err == nil {
		err = ferr
	}
	rep.printSummary(errw)
	return sum, err
}

// okRecords are the records of a batch that the database took.
func okRecords(recs []directory.Record, res []store.WriteResult) []directory.Record {
	var out []directory.Record
	for i, r := range res {
		if r.Err == nil && i < len(recs) {
			out = append(out, recs[i])
		}
	}
	return out
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
		switch {
		case opts.Format == formatICarol:
			err = readICarol(b, name, opts, errw)
		case hsds3csv.IsPackage(name): // before 1.x, which takes any folder
			err = readHSDS3(b, name, opts, errw)
		case csvimport.IsPackage(name):
			err = readCSVPackage(b, name, opts, errw)
		default:
			if advice := sniffFile(name); advice != "" {
				err = fmt.Errorf("%s: %s; nothing of it was imported", name, advice)
				break
			}
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
			cur.notes = append(cur.notes, jsonErrorNote(name, rerr))
			if strict {
				return errStrict
			}
			return nil
		}
		if chk != nil {
			for _, w := range chk.Warnings {
				cur.warnings++
				cur.notes = append(cur.notes, recordNote(name, rec.Line, rec.ID(), w.Field, w.Message, false))
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

// importName is what the listing history says an import's changes came from: the
// source's name when given, else the files' names.
func importName(files []string, source string) string {
	if source != "" {
		return source
	}
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = filepath.Base(f)
	}
	return strings.Join(names, ", ")
}
