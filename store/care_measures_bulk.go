package store

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"
)

// Helpers for the measures' bulk reads: hundreds of thousands of rows, parsed and
// collected without the costs a general path has at that size.

// careTime reads a stored time quickly: the measures read hundreds of thousands, and
// the fixed-width format needs no general parser. Anything else goes to optTime.
func careTime(b []byte) time.Time {
	if len(b) != len(timeFormat) || b[4] != '-' || b[7] != '-' || b[10] != 'T' || b[13] != ':' || b[16] != ':' || b[19] != '.' || b[26] != 'Z' {
		return optTime(string(b))
	}
	num := func(i, j int) int {
		n := 0
		for _, c := range b[i:j] {
			n = n*10 + int(c-'0')
		}
		return n
	}
	return time.Date(num(0, 4), time.Month(num(5, 7)), num(8, 10), num(11, 13), num(14, 16), num(17, 19), num(20, 26)*1000, time.UTC)
}

// careBlocks collects many rows in fixed blocks and joins them once at the end: growing
// one slice of a hundred thousand wide rows copies it over and over as it grows. With a
// size hint (reserve) the rows go into one block of that size and are not copied at all
// when the hint was right: joining a year's wide rows, full of pointers the collector
// must follow, was up to a fifth of a measure's time.
type careBlocks[T any] struct {
	blocks [][]T
}

// reserve makes room for n rows in one block, before the first row.
func (b *careBlocks[T]) reserve(n int) {
	if len(b.blocks) == 0 && n > 0 {
		b.blocks = append(b.blocks, make([]T, 0, n))
	}
}

const careBlockSize = 8192

// next returns a pointer to a new zero row.
func (b *careBlocks[T]) next() *T {
	if n := len(b.blocks); n == 0 || len(b.blocks[n-1]) == cap(b.blocks[n-1]) {
		b.blocks = append(b.blocks, make([]T, 0, careBlockSize))
	}
	last := &b.blocks[len(b.blocks)-1]
	*last = append(*last, *new(T))
	return &(*last)[len(*last)-1]
}

func (b *careBlocks[T]) all() []T {
	if len(b.blocks) == 1 {
		return b.blocks[0]
	}
	return slices.Concat(b.blocks...)
}

// len is the number of rows.
func (b *careBlocks[T]) len() int {
	n := 0
	for _, bl := range b.blocks {
		n += len(bl)
	}
	return n
}

// each yields the rows in order without joining the blocks.
func (b *careBlocks[T]) each() func(yield func(int, *T) bool) {
	return func(yield func(int, *T) bool) {
		i := 0
		for _, bl := range b.blocks {
			for k := range bl {
				if !yield(i, &bl[k]) {
					return
				}
				i++
			}
		}
	}
}

// countRows is the number of rows a measure's read is about to return, as a size hint
// (rows written meanwhile only make the hint short): SELECT COUNT(*) with the read's
// FROM and WHERE, answered from an index.
func (c *CareStore) countRows(ctx context.Context, fromWhere string, args ...any) (int, error) {
	var n int
	if err := c.db.GetContext(ctx, &n, `SELECT COUNT(*) FROM `+fromWhere, args...); err != nil {
		return 0, fmt.Errorf("store: count rows: %w", err)
	}
	return n, nil
}

// careParallel runs the functions concurrently, each on a pooled connection, and
// returns the first error.
func careParallel(fns ...func() error) error {
	errs := make([]error, len(fns))
	var wg sync.WaitGroup
	for i, fn := range fns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = fn()
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
