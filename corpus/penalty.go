package corpus

import "github.com/lawkb/lawkb/corpus/penalty"

// The penalty model is parsed in package corpus/penalty (a clause read as
// a table of sanction rules over one scanner); these are its names in the
// corpus model, which items and discretion decisions are built from.
type (
	PenaltyKind   = penalty.Kind
	Penalty       = penalty.Penalty
	PenaltyClause = penalty.Clause
	Fine          = penalty.Fine
	Term          = penalty.Term
	Offence       = penalty.Offence
	Unparsed      = penalty.Unparsed
)

// Penalty kinds and fine units (see package corpus/penalty).
const (
	PenaltyWarning            = penalty.KindWarning
	PenaltyCriticism          = penalty.KindCriticism
	PenaltyFine               = penalty.KindFine
	PenaltyConfiscateGains    = penalty.KindConfiscateGains
	PenaltyConfiscateProperty = penalty.KindConfiscateProperty
	PenaltySuspendLicence     = penalty.KindSuspendLicence
	PenaltyRevokeLicence      = penalty.KindRevokeLicence
	PenaltyDemote             = penalty.KindDemote
	PenaltySuspendBusiness    = penalty.KindSuspendBusiness
	PenaltyClose              = penalty.KindClose
	PenaltyRestrict           = penalty.KindRestrict
	PenaltyBan                = penalty.KindBan
	PenaltyDetention          = penalty.KindDetention
	MeasureCorrect            = penalty.MeasureCorrect
	MeasureDemolish           = penalty.MeasureDemolish

	UnitYuan     = penalty.UnitYuan
	UnitPercent  = penalty.UnitPercent
	UnitMultiple = penalty.UnitMultiple
)

// The parsers of package corpus/penalty.
var (
	ParsePenaltyClause = penalty.ParseClause
	ParsePenalties     = penalty.Parse
	HasSanctionWord    = penalty.HasSanctionWord
	ParseReferral      = penalty.ParseReferral
)
