package analysis

// Test helpers shared with the black-box tests of package analysis_test.
var (
	SharedDir     = sharedDir
	CorpusFiles   = corpusFiles
	ArticleChunks = articleChunks
)
