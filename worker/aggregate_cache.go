package worker

import (
	"context"
	"sync"

	"lagesbild"
)

// The live comparison's instance cache (issue 16: the county view under
// 50 ms p95 at 100 000 responses). Where figures are live (the admin, a
// round open to all) a comparison reads every municipality's official
// result of the round and its previous round (sql/aggregate.sql): most of
// GET counties/{county}'s CPU in workerd, D1's SQLite included. What it
// reads depends only on the responses of the two rounds, and every
// statement writing a municipality's response moves its round's revision
// (official_revisions, migrations/0016), so an instance keeps the results
// under the two revisions, read first in one small statement, as the
// indicator snapshots are (indicators_cache.go: the same staleness, none
// beyond D1's own). Who may see what is decided per request, as before.

// aggregateKey names the results of a round and its previous round ("" for
// none) at their revisions.
type aggregateKey struct {
	round, previous string
	rev, prevRev    int64
}

// maxAggregates bounds the results kept: a few rounds are read live at a
// time (the demo round, the admin's), each some tens of KB.
const maxAggregates = 8

// aggregateCache keeps results by round pair; the kept maps and slices are
// shared by requests and never changed.
type aggregateCache struct {
	mu sync.Mutex
	m  map[[2]string]aggregateEntry
}

type aggregateEntry struct {
	key     aggregateKey
	results map[string][]lagesbild.MunicipalityResult
}

func (c *aggregateCache) get(k aggregateKey) (map[string][]lagesbild.MunicipalityResult, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[[2]string{k.round, k.previous}]
	if !ok || e.key != k {
		return nil, false
	}
	return e.results, true
}

func (c *aggregateCache) put(k aggregateKey, results map[string][]lagesbild.MunicipalityResult) {
	c.mu.Lock()
	defer c.mu.Unlock()
	pair := [2]string{k.round, k.previous}
	if old, ok := c.m[pair]; ok && (old.key.rev > k.rev || old.key.prevRev > k.prevRev) {
		return // a racing request already kept newer results
	}
	if c.m == nil || len(c.m) >= maxAggregates {
		if _, ok := c.m[pair]; !ok {
			c.m = map[[2]string]aggregateEntry{}
		}
	}
	c.m[pair] = aggregateEntry{k, results}
}

// aggregate is store.aggregate through the instance's cache.
func (s *server) aggregate(ctx context.Context, round, previous string) (map[string][]lagesbild.MunicipalityResult, error) {
	revs, err := s.store.officialRevisions(ctx, round, previous)
	if err != nil {
		return nil, err
	}
	k := aggregateKey{round: round, previous: previous, rev: revs[round]}
	if previous != "" {
		k.prevRev = revs[previous]
	}
	if results, ok := s.aggregates.get(k); ok {
		return results, nil
	}
	results, err := s.store.aggregate(ctx, round, previous)
	if err != nil {
		return nil, err
	}
	s.aggregates.put(k, results)
	return results, nil
}
