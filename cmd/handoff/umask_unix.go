//go:build unix

package main

import "syscall"

// privateUmask makes what Handoff creates private to its owner (folders 0700, files
// 0600), whatever umask it was started with: the data folder holds people's care, the
// data key and the demo logins, and the libraries that write there (SQLite, bleve) ask
// for 0644 and 0755. The store also sets the modes of the files it knows explicitly, for
// files made by an older Handoff.
func privateUmask() { syscall.Umask(0o077) }
