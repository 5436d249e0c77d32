package search_test

import (
	"math/big"
	"testing"

	"github.com/lawkb/lawkb/search"
)

// FuzzRequestValidate: any request is either refused or within the
// limits; page × size never overflows into an accepted offset.
func FuzzRequestValidate(f *testing.F) {
	f.Add("罚款", "法律", "", "温州", "", "", "", "", 1, 10)
	f.Add("罚款", "", "", "", "", "all", "item", "城市管理", 4611686018427387905, 2)
	f.Add("\xff", "", "", "浙江//温州", "", "", "", "", -1, 0)
	f.Fuzz(func(t *testing.T, q, kind, level, in, region, status, typ, domain string, page, size int) {
		r := search.Request{Query: q, Kind: kind, Level: level, In: in, Region: region, Status: status, Type: typ,
			Domain: domain, Page: page, Size: size}.WithDefaults()
		if r.Validate() != nil {
			return
		}
		off := new(big.Int).Mul(big.NewInt(int64(r.Page-1)), big.NewInt(int64(r.Size)))
		if r.Page < 1 || r.Size < 1 || r.Size > search.MaxSize || off.Cmp(big.NewInt(search.MaxOffset)) > 0 {
			t.Fatalf("accepted page %d size %d (offset %s)", r.Page, r.Size, off)
		}
		_ = r.Canonical()
	})
}
