//go:build linux

package search

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// releaseMappedPages lets go of the pages of the index's segment files that this process
// has mapped in. Opening an index reads every document once (its facts, and its id for
// the segment map), which leaves the whole file resident in the process; afterwards
// searches touch a fraction of it (dictionaries, postings, the views of the results they
// return). MADV_DONTNEED on a read-only shared file mapping only drops the process's
// references: the data stays in the kernel's page cache and a later read maps it back
// in, so nothing changes but the resident size, which then reflects what searches use.
// Measured on 1,000,000 listings: 1.2 GB of the 2.2 GB resident after opening.
func releaseMappedPages(dir string) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return
	}
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		return
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// 7fc97b800000-7fc9d3fbf000 r--s 00000000 fe:00 9978173   /path/000000000002.zap
		fields := strings.Fields(sc.Text())
		if len(fields) < 6 || !strings.HasPrefix(fields[5], abs+string(os.PathSeparator)) || !strings.HasSuffix(fields[5], ".zap") {
			continue
		}
		lo, hi, ok := strings.Cut(fields[0], "-")
		if !ok || !strings.HasPrefix(fields[1], "r") || strings.Contains(fields[1], "w") {
			continue
		}
		start, err1 := strconv.ParseUint(lo, 16, 64)
		end, err2 := strconv.ParseUint(hi, 16, 64)
		if err1 != nil || err2 != nil || end <= start {
			continue
		}
		syscall.Syscall(syscall.SYS_MADVISE, uintptr(start), uintptr(end-start), syscall.MADV_DONTNEED)
		// Searches read the file at random (a result's view here, a posting list
		// there); without this hint every page fault also maps the pages around it,
		// and the whole file is soon resident again.
		syscall.Syscall(syscall.SYS_MADVISE, uintptr(start), uintptr(end-start), syscall.MADV_RANDOM)
	}
}
