package csvimport

import "handoff/directory"

// Language reads one language as a directory writes it, a name ("Spanish", "Chinese
// (Mandarin)") or an ISO 639 code, with the same table the CSV import uses, so that every
// importer gives a language the same code. The result has no id or owner.
func Language(v string) directory.Language { return language(v) }
