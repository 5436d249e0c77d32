package indexer

// RewriteIntegrity writes the IntegrityFile of a build directory anew, as a
// tool that changed the build behind lawkb's back would.
func RewriteIntegrity(dir string) error {
	meta, err := ReadMeta(dir)
	if err != nil {
		return err
	}
	return writeIntegrity(dir, &meta)
}
