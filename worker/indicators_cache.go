package worker

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"lagesbild"
)

// The indicator routes' instance cache (issue 16: the county view under
// 50 ms p95 at 100 000 responses). Reading and decoding the official
// answers of 290 municipalities, twice with the previous round, and
// releasing every indicator was ~110 ms of CPU per request in workerd.
// What that yields depends only on a round's official answers, the
// questionnaire and the rules (fixed for an instance), so an instance keeps
// it per round and questionnaire under the round's revision
// (official_revisions, migrations/0016), which every write of a
// municipality's response moves in the same statement. A request reads the
// revisions (one small statement) and computes only what moved.
//
// Who sees what is decided per request, never cached: whether the previous
// round is shown (access.previous) and whether a round's figures are pending
// (suppressed for a reader below the admin while a private round is open)
// or released. A snapshot holds both forms side by side (pending made at
// once, cheap; released on the first request that is shown them), so
// readers of the two kinds share the data, never the form.
//
// Staleness: none beyond D1's own. The revision is read from D1 on every
// request before the answers, so a write acknowledged before a request
// began, by any instance, has moved it; what is kept under a revision is
// never older than it (a write landing between the two reads is kept under
// the older number, and the next request recomputes).

// indicatorSnapshot is what one round's official answers give the indicator
// routes. Kept ones are shared by requests: never changed after they are
// made, except released, set once under the cache's lock.
type indicatorSnapshot struct {
	rev       int64
	responded map[string]bool                        // registry municipalities with an official response
	values    map[string]lagesbild.IndicatorValues   // by indicator id
	pending   map[string][]lagesbild.IndicatorFigure // every group suppressed
	released  map[string][]lagesbild.IndicatorFigure // nil until first released
}

// snapshotKey names a snapshot: of a round's municipalities (county "")
// or of one county's (the county route: after a write it reads that
// county's rows only, as it did before the cache).
type snapshotKey struct {
	round, questionnaire string
	version              int
	county               string
}

// maxSnapshots bounds an instance's cache, per kind: a few rounds are read
// at a time (a round and its previous; a demo round), a snapshot of every
// municipality some hundreds of KB; a county's is a twentieth of that, and
// the leads of every county may read in one instance.
const (
	maxSnapshots       = 16
	maxCountySnapshots = 64
)

type indicatorCache struct {
	mu sync.Mutex
	m  map[snapshotKey]*indicatorSnapshot
}

// get returns the snapshot kept for key at rev, or nil.
func (c *indicatorCache) get(key snapshotKey, rev int64) *indicatorSnapshot {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s := c.m[key]; s != nil && s.rev == rev {
		return s
	}
	return nil
}

// put keeps s, replacing an older one of the key; when its kind is full
// another of the kind goes (any: rounds read together come back together).
func (c *indicatorCache) put(key snapshotKey, s *indicatorSnapshot) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[snapshotKey]*indicatorSnapshot{}
	}
	if old := c.m[key]; old != nil && old.rev > s.rev {
		return // a racing request already kept a newer one
	}
	if _, ok := c.m[key]; !ok {
		limit, kind := maxSnapshots, 0
		if key.county != "" {
			limit = maxCountySnapshots
		}
		var victim *snapshotKey
		for k := range c.m {
			if (k.county == "") == (key.county == "") {
				kind++
				victim = &k
			}
		}
		if kind >= limit {
			delete(c.m, *victim)
		}
	}
	c.m[key] = s
}

// releasedOf returns s's released figures, or nil when none are made yet.
func (c *indicatorCache) releasedOf(s *indicatorSnapshot) map[string][]lagesbild.IndicatorFigure {
	c.mu.Lock()
	defer c.mu.Unlock()
	return s.released
}

// setReleased keeps released figures in s (the first made wins: racing
// requests make the same).
func (c *indicatorCache) setReleased(s *indicatorSnapshot, figs map[string][]lagesbild.IndicatorFigure) map[string][]lagesbild.IndicatorFigure {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s.released == nil {
		s.released = figs
	}
	return s.released
}

// officialRevisions reads the revisions of rounds ("" none): round → rev, 0
// for a round without a row (migrations/0016).
func (s store) officialRevisions(ctx context.Context, round, previous string) (map[string]int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT round, rev FROM official_revisions WHERE round IN (?, ?)`, round, previous)
	if err != nil {
		return nil, fmt.Errorf("reading the revisions of round %q: %w", round, err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var rnd string
		var rev int64
		if err := rows.Scan(&rnd, &rev); err != nil {
			return nil, fmt.Errorf("reading the revisions of round %q: %w", round, err)
		}
		out[rnd] = rev
	}
	return out, rows.Err()
}

// snapshotRound names a round whose snapshot a request needs.
type snapshotRound struct {
	id string
	q  *lagesbild.Questionnaire
}

// indicatorSnapshots returns the snapshots of one or two rounds (cur, and
// prev when its id is not ""), of every municipality or of a county's,
// reading the revisions in one statement and the answers of those that
// moved in one more.
func (s *server) indicatorSnapshots(ctx context.Context, county string, cur, prev snapshotRound) (c, p *indicatorSnapshot, err error) {
	revs, err := s.store.officialRevisions(ctx, cur.id, prev.id)
	if err != nil {
		return nil, nil, err
	}
	key := func(r snapshotRound) snapshotKey { return snapshotKey{r.id, r.q.ID, r.q.Version, county} }
	c = s.snapshots.get(key(cur), revs[cur.id])
	if prev.id != "" {
		p = s.snapshots.get(key(prev), revs[prev.id])
	}
	var read []string
	if c == nil {
		read = append(read, cur.id)
	}
	if prev.id != "" && p == nil {
		read = append(read, prev.id)
	}
	if len(read) == 0 {
		return c, p, nil
	}
	read = append(read, "")
	items := indicatorItems(cur.q)
	if prev.id != "" {
		items = append(items, indicatorItems(prev.q)...)
	}
	answers, err := s.store.officialAnswers(ctx, read[0], read[1], county, items)
	if err != nil {
		return nil, nil, err
	}
	fill := func(r snapshotRound) *indicatorSnapshot {
		sn := newSnapshot(r.q, answers[r.id], revs[r.id], county == "")
		s.snapshots.put(key(r), sn)
		return sn
	}
	if c == nil {
		c = fill(cur)
	}
	if prev.id != "" && p == nil {
		p = fill(prev)
	}
	return c, p, nil
}

// newSnapshot computes a snapshot from a round's official answers, with
// the pending figures when figures are to be shown from it (not a county's:
// the county route shows its own county's figure live).
func newSnapshot(q *lagesbild.Questionnaire, answers map[string]lagesbild.Answers, rev int64, figures bool) *indicatorSnapshot {
	sn := &indicatorSnapshot{rev: rev, responded: map[string]bool{}, values: indicatorValues(q, answers),
		pending: map[string][]lagesbild.IndicatorFigure{}}
	for m := range answers {
		if _, ok := lagesbild.MunicipalityByCode(m); ok {
			sn.responded[m] = true
		}
	}
	if !figures {
		return sn
	}
	groups := lagesbild.IndicatorGroups()
	none := make([]bool, len(groups))
	for id, v := range sn.values {
		sn.pending[id] = lagesbild.IndicatorFigures(groups, v, none)
	}
	return sn
}

// indicatorItems are the ids an answer to q's indicator items may be stored
// under: the items' own and the ids they were renamed from (answerFor).
func indicatorItems(q *lagesbild.Questionnaire) []string {
	var out []string
	for _, ref := range q.Indicators() {
		if slices.Contains(out, ref.Item) {
			continue
		}
		out = append(out, ref.Item)
		for from, to := range q.Renamed {
			if to == ref.Item {
				out = append(out, from)
			}
		}
	}
	return out
}
