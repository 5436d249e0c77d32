package api_test

import (
	"os"
	"testing"
)

// mkdtemp makes a directory that outlives single tests: the fixture index is
// shared by all tests of the binary, and TestMain removes it.
func mkdtemp() (string, error) { return os.MkdirTemp("", "lawkb-api-test-") }

func TestMain(m *testing.M) {
	code := m.Run()
	if fixtureDir != "" {
		os.RemoveAll(fixtureDir)
	}
	os.Exit(code)
}
