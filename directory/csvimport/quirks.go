package csvimport

import (
	"fmt"

	"handoff/directory"
	"handoff/geo"
)

// The repairs of what real exports get wrong about the links between tables: none of them
// may cost a listing. Each kind is reported once, with a count and the first row.

// PlaceholderName is the name of a source's placeholder organization, which holds the
// services whose organization the package does not give; %s is the source.
const PlaceholderName = "Organization not given (%s) — needs review"

// placeholderDescription flags the placeholder for a reviewer, in the text every editor
// and export shows.
const placeholderDescription = "Made by the import: the source gives the services listed here no organization " +
	"that exists in its organizations table. Review them and move each to its real organization."

// tally sums up one kind of repair: how many rows and the first one.
type tally struct {
	n     int
	first row
}

func (t *tally) add(r row) {
	if t.n == 0 {
		t.first = r
	}
	t.n++
}

// report adds the tally as one warning standing for all its rows: "3 services have " + what.
func (t *tally) report(b *builder, field, kind, one, many, what string) {
	if t.n == 0 {
		return
	}
	r := t.first
	subject := "1 " + one
	if t.n > 1 {
		subject = fmt.Sprintf("%d %s", t.n, many)
	}
	b.probs = append(b.probs, Problem{File: r.t.file, Line: r.line, ID: r.get("id"), Field: field, Kind: kind,
		Count: t.n, Msg: subject + " " + what})
}

// placeholder is the source's placeholder organization, made on first use.
func (b *builder) placeholder() *orgNode {
	if b.holder == nil {
		o := &directory.Organization{ID: directory.StableID("csv", b.src, "organization", "placeholder"),
			Name: fmt.Sprintf(PlaceholderName, b.src), Description: placeholderDescription}
		b.holder = &orgNode{org: o, used: true}
	}
	return b.holder
}

// adoptOrganizations runs once services know their sites. A service without an
// organization (its organization_id is empty, names no row, or names a rejected one) goes
// to the placeholder, rather than to a guess (one that names a missing organization is
// not its site's: it said whose it is); a location whose organization_id was wrong or empty takes the
// organization of the first service offered there.
func (b *builder) adoptOrganizations() {
	var orphans, adopted tally
	for _, n := range b.svcOrder {
		if n.org == nil && !n.badOrg {
			for _, sn := range n.sals {
				if l := sn.loc; l.org != nil {
					n.org = l.org // the site knows whose it is
					break
				}
			}
		}
		if n.org == nil {
			n.org = b.placeholder()
			orphans.add(n.row)
		}
		n.svc.OrganizationID = n.org.org.ID
		n.org.used = true
	}
	orphans.report(b, "organization_id", "services.csv organization_id: kept under the placeholder organization",
		"service has", "services have", "no organization that exists in the package; kept under the placeholder organization \""+
			fmt.Sprintf(PlaceholderName, b.src)+"\", flagged for review")
	for _, n := range b.svcOrder {
		for _, sn := range n.sals {
			if l := sn.loc; l.org == nil && l.loc != nil {
				l.org = n.org
				l.loc.OrganizationID = n.org.org.ID
				adopted.add(l.row)
			}
		}
	}
	adopted.report(b, "organization_id", "locations.csv organization_id: taken from the service offered there",
		"location has", "locations have", "no organization that exists (a wrong organization_id, or none); took the organization of a service offered there")
}

// DefaultSuspectKm is how far a location's coordinates may lie from its ZIP code's
// centre before they are flagged: farther than a ZIP code area reaches, even a rural one.
const DefaultSuspectKm = 25

// checkCoordinates flags the coordinates that lie far from the centre of their address's
// ZIP code, where the gazetteer knows the ZIP code; with DropSuspect they are left out.
func (b *builder) checkCoordinates() {
	km := b.opts.SuspectKm
	if km <= 0 {
		km = DefaultSuspectKm
	}
	g := geo.Default()
	for _, r := range b.rows("location") {
		n := b.locs[r.get("id")]
		if n == nil || n.loc == nil || n.row.line != r.line || n.loc.Latitude == nil {
			continue
		}
		for _, a := range n.loc.Addresses {
			c, ok := g.ZIP(a.PostalCode)
			if !ok || a.AddressType == "postal" {
				continue
			}
			d := geo.DistanceKm(c, [2]float64{*n.loc.Longitude, *n.loc.Latitude})
			if d <= km {
				break
			}
			verb := "kept; --drop-suspect-coordinates leaves such coordinates out"
			if b.opts.DropSuspect {
				n.loc.Latitude, n.loc.Longitude = nil, nil
				verb = "left out"
			}
			b.probs.warn(r, "latitude", "%.1f km from the centre of ZIP code %s, farther than %g km: suspect; %s", d, a.PostalCode, km, verb)
			b.probs[len(b.probs)-1].Kind = r.t.file + " latitude: coordinates far from their ZIP code, suspect"
			break
		}
	}
}
