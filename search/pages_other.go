//go:build !linux

package search

// releaseMappedPages is Linux-only (see pages_linux.go); elsewhere the kernel's own
// reclaim has to do.
func releaseMappedPages(string) {}
