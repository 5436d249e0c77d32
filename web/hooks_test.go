package web

// SetLazyTextBytes lets the black-box tests treat a fixture text as long;
// it returns a function that restores the threshold.
func SetLazyTextBytes(n int) func() {
	old := lazyTextBytes
	lazyTextBytes = n
	return func() { lazyTextBytes = old }
}
