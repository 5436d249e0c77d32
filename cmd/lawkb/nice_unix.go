//go:build unix

package main

import "syscall"

// setNice lowers the scheduling priority of process pid.
func setNice(pid, nice int) error { return syscall.Setpriority(syscall.PRIO_PROCESS, pid, nice) }
