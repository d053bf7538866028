package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"handoff/store"
)

func newExport(cfg *config) *cobra.Command {
	var out, format string
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write every service as HSDS 3.0 compiled services, one JSON object per line, or as an HSDS 3.0 tabular package",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "" && format != "ndjson" && format != formatHSDS3CSV {
				return fmt.Errorf("--format %q: the formats are \"ndjson\" (the default) and %q", format, formatHSDS3CSV)
			}
			st, err := openStore(cmd.Context(), cfg, nil)
			if err != nil {
				return err
			}
			defer st.Close()
			if format == formatHSDS3CSV {
				rows, err := exportHSDS3(cmd.Context(), st, out)
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "exported an HSDS 3.0 tabular package to %s: %d organizations, %d locations, %d services\n",
					out, rows["organization"], rows["location"], rows["service"])
				return nil
			}
			var w io.Writer = cmd.OutOrStdout()
			var f *os.File
			if out != "" && out != "-" {
				if f, err = os.Create(out); err != nil {
					return err
				}
				defer f.Close()
				w = f
			}
			n, err := export(cmd, st, w)
			if err != nil {
				return err
			}
			if f != nil {
				if err := f.Close(); err != nil {
					return err
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "exported %d services to %s\n", n, out)
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "file to write (default standard output); for hsds3-csv a folder, or a .zip")
	cmd.Flags().StringVar(&format, "format", "", "\"ndjson\" (default): compiled services, one per line; \"hsds3-csv\": every table of HSDS 3.0's datapackage.json, with it")
	dataFlags(cmd.Flags(), cfg)
	return cmd
}

func export(cmd *cobra.Command, st *store.Store, w io.Writer) (int, error) {
	bw := bufio.NewWriterSize(w, 1<<16)
	enc := json.NewEncoder(bw)
	n := 0
	err := st.EachServiceBatch(cmd.Context(), store.ServiceFilter{}, 500, func(ids []string) error {
		svcs, err := st.Services(cmd.Context(), ids)
		if err != nil {
			return err
		}
		for i := range svcs {
			if err := enc.Encode(&svcs[i]); err != nil {
				return err
			}
		}
		n += len(svcs)
		return nil
	})
	if err != nil {
		return n, err
	}
	return n, bw.Flush()
}
