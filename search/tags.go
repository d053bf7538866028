package search

// Filter terms of the tags field. Each is a prefix and a code, so that one keyword field
// carries every filter and a filter is one term lookup.
const (
	tagNeed     = "n:" // handoff:need code
	tagLevel    = "c:" // handoff:level_of_care code (or an imported code outside the vocabulary)
	tagAccess   = "a:" // handoff:access code
	tagLang     = "l:" // language code
	tagOrg      = "o:" // organization id
	tagService  = "v:" // service id
	tagTerm     = "t:" // any attribute's taxonomy term id (HSDS taxonomy_term_id)
	tagTaxonomy = "y:" // any attribute's taxonomy id (HSDS taxonomy_id)
	tagStatus   = "s:" // service status
	tagKind     = "e:" // site, area or none
	tagFree     = "x:free"
	tagActive   = "x:active"
	tagRoom     = "x:room" // capacity status "capacity" or a unit free
)

var kindTags = [...]string{kindSite: "e:site", kindArea: "e:area", kindNowhere: "e:none"}
