package corpus

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
)

// Origin is the provenance of a crawled text: the source that found it, the
// page it was read from and the last time the crawler saw it there.
type Origin struct {
	Source    string    `json:"source"`     // the crawler source's name (wenzhou-rd)
	URL       string    `json:"url"`        // the detail page or API document
	FetchedAt time.Time `json:"fetched_at"` // the "last verified" stamp
}

// Prefixes of the paths of documents that do not come from the LawRefBook
// tree, so that Version.Source and File.Path stay unique across folders.
const (
	PrefixCrawl     = "crawl:"     // crawl:<source>/<file>.md, relative to the crawl output
	PrefixHandbook  = "handbook:"  // handbook:<file>.md, relative to the handbook folder
	PrefixStandards = "standards:" // standards:<catalogue>.md, a standards catalogue
)

// Input is one document from outside the LawRefBook tree (a crawled page, a
// handbook page). Its folder tells nothing, so it carries what classify
// would otherwise read from the path.
type Input struct {
	// Path becomes Version.Source and the File path; it must be unique
	// among the inputs and start with one of the Prefix constants.
	Path   string
	Data   []byte
	Kind   Kind // required; 手册 pages are read as handbooks, 案例 as sections
	Region Region
	Issuer string
	Topic  string
	// Status is the validity the publisher states (an API's 时效性); empty
	// means it is derived from the order of the work's versions.
	Status Status
	Origin *Origin
}

// File is one source file an import read, with the checksum that tells an
// incremental index which files changed since the last build.
type File struct {
	Path   string `json:"path"` // as in Version.Source or Standard files: tree-relative or prefixed
	SHA256 string `json:"sha256"`
}

// checksum is the hex SHA-256 of data.
func checksum(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// Level assigned to handbook pages: they explain the law, they bind no one.
const LevelHandbook = "手册"

// inputClass is what an Input says about itself, in the form classify
// gives for tree files.
func inputClass(in *Input, title string) class {
	c := class{kind: in.Kind, issuer: in.Issuer, topic: in.Topic, region: in.Region, known: true}
	switch in.Kind {
	case KindLaw:
		c.level = LevelLaw
		if strings.HasSuffix(title, "宪法") {
			c.level = LevelConstitution
		}
	case KindAdminRegulation:
		c.level = LevelAdminRegulation
	case KindDeptRule:
		c.level = LevelDeptRule
	case KindLocalRegulation:
		c.level = localLevel(title, in.Region)
	case KindJudicial:
		c.level = LevelJudicial
		if c.issuer == "" {
			c.issuer = judicialIssuer(title)
		}
	case KindCase:
		c.level = LevelCase
	case KindHandbook:
		c.level = LevelHandbook
	default:
		c.kind, c.level = KindOther, LevelOther
		c.known = in.Kind == KindOther
	}
	return c
}

// knownStatus reports whether s is one of the four official values.
func knownStatus(s Status) bool {
	switch s {
	case StatusInForce, StatusAmended, StatusRepealed, StatusNotYet:
		return true
	}
	return false
}

// parseInput parses one input by its kind: handbook pages as handbooks,
// cases as sections, everything else as a LawRefBook file.
func parseInput(in *Input) fileResult {
	r := fileResult{rel: in.Path, in: in, sha: checksum(in.Data)}
	data := string(in.Data) // a copy: the caller may reuse its buffer
	switch in.Kind {
	case KindHandbook:
		r.v, _, r.probs = parseHandbook(in.Path, data)
	default:
		r.v, r.probs = parseText(in.Path, data, in.Kind == KindCase)
	}
	if r.v != nil {
		r.v.Origin = in.Origin
	}
	return r
}
