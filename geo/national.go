package geo

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/paulmach/orb"
)

// Where a named place comes from, which is also how it ranks among namesakes: a Census
// place with a population first, then one without (a CDP: the Census publishes no
// estimate for them), then a post-office name, then a county.
const (
	srcCensus uint8 = iota
	srcPostal
	srcCounty
)

// namedPlace is one place of the national layer.
type namedPlace struct {
	Name  string // "Hialeah", "Escambia County"
	State string // "FL"
	Point orb.Point
	Pop   int // latest Census estimate; 0: unknown (CDPs, post-office names, counties)
	ZIPs  int // for post-office names: how many ZIP codes carry it (ranks them)
	Src   uint8
	key   string // squash(Name), computed once
}

// zipInfo is one ZIP code: its point, and the USPS city and state when GeoNames has them.
type zipInfo struct {
	Point       orb.Point
	City, State string
	ZCTA        bool // the point is the Census ZCTA internal point, not GeoNames' rough one
}

// national is the United States layer, the same for every deployment, so it is parsed
// once and shared by every Gazetteer.
type national struct {
	zips   map[string]zipInfo
	places []namedPlace
	byKey  map[string][]int32 // name key -> places, best ranked first
	keys   []string           // every key of byKey, sorted: the typo suggestions' haystack
}

var loadNational = sync.OnceValue(func() *national {
	n, err := newNational(zipsTSV, placesTSV, countiesTSV)
	if err != nil {
		panic(fmt.Sprintf("geo: embedded national data is corrupt: %v", err))
	}
	return n
})

func newNational(zipsGz, placesGz, countiesGz []byte) (*national, error) {
	// Sized for the embedded files (about 75,000 names, 28,000 keys, 42,500 ZIPs) so that
	// the one parse does not regrow them.
	n := &national{byKey: make(map[string][]int32, 32_000), places: make([]namedPlace, 0, 80_000)}
	var err error
	if n.zips, err = parseZIPs(zipsGz); err != nil {
		return nil, fmt.Errorf("zips: %w", err)
	}
	if err := tsvRows(placesGz, []string{"name", "state", "lat", "lon", "pop"}, func(f []string) error {
		p, err := parsePoint(f[2], f[3])
		if err != nil {
			return err
		}
		pop, _ := strconv.Atoi(f[4])
		n.places = append(n.places, namedPlace{Name: f[0], State: f[1], Point: p, Pop: pop, Src: srcCensus, key: squash(f[0])})
		return nil
	}); err != nil {
		return nil, fmt.Errorf("places: %w", err)
	}
	if len(n.places) == 0 {
		return nil, fmt.Errorf("places: none")
	}
	n.addPostalNames()
	if err := tsvRows(countiesGz, []string{"name", "kind", "state", "lat", "lon"}, func(f []string) error {
		p, err := parsePoint(f[3], f[4])
		if err != nil {
			return err
		}
		name := strings.TrimSpace(f[0] + " " + f[1])
		n.places = append(n.places, namedPlace{Name: name, State: f[2], Point: p, Src: srcCounty, key: squash(name)})
		return nil
	}); err != nil {
		return nil, fmt.Errorf("counties: %w", err)
	}
	for i := range n.places {
		k := n.places[i].key
		n.byKey[k] = append(n.byKey[k], int32(i))
	}
	for k, idx := range n.byKey {
		slices.SortStableFunc(idx, func(a, b int32) int { return n.rank(a, b) })
		n.keys = append(n.keys, k)
	}
	slices.Sort(n.keys)
	return n, nil
}

// rank orders namesakes: by source, then population, then ZIP count, then state.
func (n *national) rank(a, b int32) int {
	pa, pb := &n.places[a], &n.places[b]
	if pa.Src != pb.Src {
		return int(pa.Src) - int(pb.Src)
	}
	if pa.Pop != pb.Pop {
		return pb.Pop - pa.Pop
	}
	if pa.ZIPs != pb.ZIPs {
		return pb.ZIPs - pa.ZIPs
	}
	return strings.Compare(pa.State, pb.State)
}

// addPostalNames adds the USPS city names that are not Census places ("Brooklyn, NY",
// a borough; "Florence, MA", a village): the point is that of the name's ZIP code
// nearest the middle of them all, so it is a real ZIP point and not the middle of a sea.
func (n *national) addPostalNames() {
	have := make(map[[2]string]bool, len(n.places))
	for _, p := range n.places {
		have[[2]string{p.key, p.State}] = true
	}
	type group struct {
		name string
		pts  []orb.Point
	}
	groups := map[[2]string]*group{}
	var order [][2]string
	for _, z := range sortedKeys(n.zips) {
		info := n.zips[z]
		if info.City == "" || info.State == "" {
			continue
		}
		k := [2]string{squash(info.City), info.State}
		if have[k] {
			continue
		}
		g := groups[k]
		if g == nil {
			g = &group{name: info.City}
			groups[k] = g
			order = append(order, k)
		}
		g.pts = append(g.pts, info.Point)
	}
	for _, k := range order {
		g := groups[k]
		var mid orb.Point
		for _, p := range g.pts {
			mid[0] += p[0] / float64(len(g.pts))
			mid[1] += p[1] / float64(len(g.pts))
		}
		best := g.pts[0]
		for _, p := range g.pts[1:] {
			if DistanceKm(p, mid) < DistanceKm(best, mid) {
				best = p
			}
		}
		n.places = append(n.places, namedPlace{Name: g.name, State: k[1], Point: best, ZIPs: len(g.pts), Src: srcPostal, key: k[0]})
	}
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// parseZIPs reads the joined ZIP file: zip, city, state, lat, lon, src (z: ZCTA point,
// g: GeoNames point).
func parseZIPs(gz []byte) (map[string]zipInfo, error) {
	zips := make(map[string]zipInfo, 45_000)
	err := tsvRows(gz, []string{"zip", "city", "state", "lat", "lon", "src"}, func(f []string) error {
		if len(f[0]) != 5 || !allDigits(f[0]) {
			return fmt.Errorf("ZIP %q is not 5 digits", f[0])
		}
		p, err := parsePoint(f[3], f[4])
		if err != nil {
			return err
		}
		zips[f[0]] = zipInfo{Point: p, City: f[1], State: f[2], ZCTA: f[5] == "z"}
		return nil
	})
	if err == nil && len(zips) == 0 {
		err = fmt.Errorf("no ZIP codes")
	}
	return zips, err
}

func parsePoint(latS, lonS string) (orb.Point, error) {
	lat, err1 := strconv.ParseFloat(latS, 64)
	lon, err2 := strconv.ParseFloat(lonS, 64)
	if err1 != nil || err2 != nil || !validLonLat(lon, lat) {
		return orb.Point{}, fmt.Errorf("bad coordinates %q, %q", latS, lonS)
	}
	return orb.Point{lon, lat}, nil
}

// tsvRows reads a gzipped tab-separated file whose header must be want, calling row for
// each line. The trimmed files have no quoting, so a split on tabs is exact.
func tsvRows(gz []byte, want []string, row func([]string) error) error {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(zr)
	line := 0
	for sc.Scan() {
		line++
		f := strings.Split(sc.Text(), "\t")
		if line == 1 {
			if !slices.Equal(f, want) {
				return fmt.Errorf("header %q, want %q", f, want)
			}
			continue
		}
		if len(f) != len(want) {
			return fmt.Errorf("line %d: %d fields, want %d", line, len(f), len(want))
		}
		if err := row(f); err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
	}
	if line == 0 {
		return fmt.Errorf("empty")
	}
	return sc.Err()
}
