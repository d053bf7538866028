// Package layering holds only a test: it checks the import graph against the layout
// table of DESIGN.md ("Layout"), so that an import that breaks the one-way arrows
// fails the build's tests instead of waiting for a review.
package layering
