package catalog

import (
	"bytes"
	"embed"

	"github.com/lawkb/lawkb/corpus"
)

// GuangdongName names the transcribed Guangdong fine discretion tables.
const GuangdongName = "guangdong-eco-fine"

//go:embed data/guangdong-eco-fine.items.csv data/guangdong-eco-fine.discretion.csv
var guangdongData embed.FS

// Guangdong returns the items of the Guangdong environmental fine
// discretion tables transcribed into the generic format (data/): three
// factor models (§1.1, §1.7, §2.3) and one band table (§1.3), with their
// bases resolved by res.
func Guangdong(res *corpus.Resolver) ([]*corpus.Item, Report, error) {
	items, err := guangdongData.ReadFile("data/" + GuangdongName + ".items.csv")
	if err != nil {
		return nil, Report{}, err
	}
	disc, err := guangdongData.ReadFile("data/" + GuangdongName + ".discretion.csv")
	if err != nil {
		return nil, Report{}, err
	}
	return ReadCSV(bytes.NewReader(items), bytes.NewReader(disc),
		Options{Name: GuangdongName, Resolver: res, Region: corpus.Region{Province: "广东"}})
}
