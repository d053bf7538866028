package seed

// town is what the demo needs to invent a plausible address in one municipality: its
// real ZIP codes (only those whose USPS city is the town's own name, so the address city
// always names the town containing the point) and a few of its real street names.
type town struct {
	name    string
	zips    []string
	streets []string
	bus     string // the regional transit authority, for Location.Transportation
}

// towns is keyed by a short code so that the catalog can list many towns on one line.
// Codes are part of service ids: never rename one.
var towns = map[string]town{
	"SPR": {"Springfield", []string{"01103", "01104", "01105", "01107", "01108", "01109", "01118", "01119", "01128", "01129"},
		[]string{"Main Street", "State Street", "Dwight Street", "Worthington Street", "Sumner Avenue", "Boston Road", "Page Boulevard", "Carew Street", "Chestnut Street", "Wilbraham Road", "Belmont Avenue", "Allen Street", "Plainfield Street", "Roosevelt Avenue", "Bay Street", "Union Street"}, "PVTA"},
	"HOL": {"Holyoke", []string{"01040"}, []string{"High Street", "Maple Street", "Dwight Street", "Northampton Street", "Main Street", "Sargeant Street", "Beech Street", "Appleton Street"}, "PVTA"},
	"CHI": {"Chicopee", []string{"01013", "01020", "01022"}, []string{"Front Street", "Center Street", "Chicopee Street", "Broadway", "Memorial Drive", "Exchange Street", "Meadow Street"}, "PVTA"},
	"WSP": {"West Springfield", []string{"01089"}, []string{"Elm Street", "Park Street", "Westfield Street", "Union Street", "Memorial Avenue", "Main Street"}, "PVTA"},
	"WFD": {"Westfield", []string{"01085"}, []string{"Elm Street", "Court Street", "Franklin Street", "Union Street", "Southwick Road", "North Elm Street", "Broad Street"}, "PVTA"},
	"AGA": {"Agawam", []string{"01001"}, []string{"Springfield Street", "Main Street", "Walnut Street", "Suffield Street"}, "PVTA"},
	"LUD": {"Ludlow", []string{"01056"}, []string{"East Street", "Center Street", "Winsor Street", "West Avenue", "Chapin Street"}, "PVTA"},
	"PAL": {"Palmer", []string{"01069"}, []string{"Main Street", "Park Street", "Thorndike Street", "Central Street"}, "PVTA"},
	"NOH": {"Northampton", []string{"01060"}, []string{"Main Street", "King Street", "Pleasant Street", "Bridge Street", "Conz Street", "Hawley Street"}, "PVTA"},
	"EHA": {"Easthampton", []string{"01027"}, []string{"Main Street", "Union Street", "Cottage Street", "Pleasant Street"}, "PVTA"},
	"LON": {"Longmeadow", []string{"01106"}, []string{"Longmeadow Street", "Williams Street", "Bliss Road"}, "PVTA"},
	"ELO": {"East Longmeadow", []string{"01028"}, []string{"Shaker Road", "North Main Street", "Maple Street", "Somers Road"}, "PVTA"},
	"WIL": {"Wilbraham", []string{"01095"}, []string{"Boston Road", "Main Street", "Springfield Street"}, "PVTA"},
	"HAM": {"Hampden", []string{"01036"}, []string{"Main Street", "Somers Road", "Allen Street"}, ""},
	"MON": {"Monson", []string{"01057"}, []string{"Main Street", "Bliss Street", "Palmer Road"}, ""},
	"SWK": {"Southwick", []string{"01077"}, []string{"College Highway", "Feeding Hills Road", "Depot Street"}, ""},
	"AMH": {"Amherst", []string{"01002"}, []string{"North Pleasant Street", "Main Street", "Triangle Street", "College Street"}, "PVTA"},
	"SHA": {"South Hadley", []string{"01075"}, []string{"Newton Street", "College Street", "Granby Road", "Main Street"}, "PVTA"},
	"GRA": {"Granby", []string{"01033"}, []string{"State Street", "West State Street", "Pleasant Street"}, ""},
	"BEL": {"Belchertown", []string{"01007"}, []string{"Main Street", "North Washington Street", "Federal Street"}, ""},
	"WAR": {"Ware", []string{"01082"}, []string{"Main Street", "West Street", "East Street", "Church Street"}, "PVTA"},
	"GFD": {"Greenfield", []string{"01301"}, []string{"Main Street", "Federal Street", "Chapman Street", "Deerfield Street"}, "FRTA"},
	"HAD": {"Hadley", []string{"01035"}, []string{"Russell Street", "Middle Street", "River Drive"}, "PVTA"},
}

// regions are the groups of towns that county-wide and multi-town services cover; each
// becomes one service area per town. Names are real municipalities, checked by the tests
// against the gazetteer.
var regions = map[string][]string{
	// BHN's mobile crisis team: the towns the program names and their neighbours.
	"bhn_mobile": {"Springfield", "Holyoke", "Chicopee", "West Springfield", "Westfield", "Agawam", "Ludlow",
		"Longmeadow", "East Longmeadow", "Wilbraham", "Hampden", "Southwick"},
	"metro": {"Springfield", "Chicopee", "West Springfield", "Agawam", "Longmeadow", "East Longmeadow", "Ludlow", "Wilbraham"},
	"hampden": {"Springfield", "Chicopee", "Holyoke", "West Springfield", "Westfield", "Agawam", "Ludlow", "Longmeadow",
		"East Longmeadow", "Wilbraham", "Hampden", "Monson", "Palmer", "Southwick"},
	"hampshire": {"Northampton", "Easthampton", "Amherst", "Hadley", "South Hadley", "Granby", "Belchertown", "Ware",
		"Hatfield", "Southampton", "Williamsburg"},
	"franklin": {"Greenfield", "Montague", "Deerfield", "Sunderland", "Orange", "Athol", "Bernardston", "Northfield",
		"Shelburne", "Buckland", "Conway"},
	"quaboag":   {"Palmer", "Ware", "Monson", "Belchertown", "Brimfield", "Wales", "Holland", "Warren"},
	"hilltowns": {"Westfield", "Southwick", "Russell", "Huntington", "Blandford", "Chester", "Montgomery", "Granville"},
	"valley": {"Springfield", "Chicopee", "Holyoke", "West Springfield", "Westfield", "Agawam", "Ludlow", "Longmeadow",
		"East Longmeadow", "Wilbraham", "Northampton", "Easthampton", "Amherst", "South Hadley"},
}
