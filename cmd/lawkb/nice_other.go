//go:build !unix

package main

// setNice is a no-op where there is no niceness.
func setNice(pid, nice int) error { return nil }
