//go:build !unix

package main

// privateUmask does nothing where there is no umask (see umask_unix.go).
func privateUmask() {}
