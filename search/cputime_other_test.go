//go:build !linux

package search_test

import "time"

// threadCPU is not measured outside Linux; the CPU metrics read 0.
func threadCPU() time.Duration { return 0 }
