package seed

// The fictional catalog's rows are in two files by the kind of help: catalog_care.go (the
// crisis continuum and treatment) and catalog_needs.go (housing, food and practical help).

// orgDescs describes organizations that appear in several rows, where no one row's
// orgDesc fits them all.
var orgDescs = map[string]string{
	"Two Rivers Community Health Center (demo)": "A community health center: primary care, dental, addiction medicine, nutrition and benefits help.",
	"Centro de Salud del Valle (demo)":          "A bilingual community health center for Latino families: primary care, dental and enrollment help.",
}

// catalog is every fictional row, in a fixed order: the order of organizations' first
// appearance decides their phone numbers.
var catalog = concat(crisisKinds, treatmentKinds, housingKinds, foodKinds, supportKinds)

func concat(lists ...[]kind) []kind {
	var out []kind
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}
