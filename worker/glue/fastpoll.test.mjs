// Unit tests of the glue's fast path for workshop polls (fastpoll.mjs), under
// Node's own test runner (`make test-glue`): a fake D1 and a fake Go (next)
// that count what they are asked, on a fake clock. e2e/workshop and
// `make bench-workshop` run the same path in workerd with the real Go worker.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createFastPoll, normalizeCode, etagMatches, stateETag, wallETag, SESSION_TTL_MS } from "./fastpoll.mjs";

const ID = "0123456789abcdef0123456789abcdef";
const CODE = "ACDEFG";
const T0 = Date.parse("2026-12-03T10:00:00Z");

// world is a session in a fake D1, a fake Go that answers as worker/workshop.go
// does, and a clock.
function world({ ttlMs = 250 } = {}) {
  const w = {
    now: T0,
    row: { id: ID, revision: 5, state_revision: 2, last_activity: "2026-12-03T09:59:00Z" },
    reads: 0,
    goCalls: 0,
    d1Fails: false,
  };
  const db = {
    prepare(sql) {
      assert.match(sql, /FROM workshops WHERE code = \?/);
      return {
        bind(code) {
          return {
            async first() {
              w.reads++;
              if (w.d1Fails) {
                throw new Error("D1 is down");
              }
              return code === CODE && w.row ? { ...w.row } : null;
            },
          };
        },
      };
    },
  };
  // Go: the state with its ETag (200, or 304 when it matches); the wall likewise.
  const next = async (req) => {
    w.goCalls++;
    const path = new URL(req.url).pathname;
    if (!w.row || !path.includes(CODE)) {
      return new Response('{"code":"session_not_found"}', { status: 404 });
    }
    const etag = path.endsWith("/wall") ? wallETag(w.row.id, w.row.revision) : stateETag(w.row.id, w.row.state_revision);
    const base = { "X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-cache", ETag: etag };
    if (req.method === "GET" && etagMatches(req.headers.get("if-none-match") || "", etag)) {
      return new Response(null, { status: 304, headers: base });
    }
    const body = JSON.stringify({ code: CODE, section: `s${w.row.state_revision}`, etag });
    return new Response(body, { status: 200, headers: { ...base, "Content-Type": "application/json", Vary: "Authorization" } });
  };
  w.fp = createFastPoll({ next, clock: { now: () => w.now }, ttlMs, db: () => db });
  w.get = (path, headers = {}) => w.fp.fetch(new Request("http://x" + path, { headers }), {}, {});
  w.send = (method, path, headers = {}) => w.fp.fetch(new Request("http://x" + path, { method, headers }), {}, {});
  return w;
}

test("an unchanged poll is answered 304 without Go, with Go's headers", async () => {
  const w = world();
  const first = await w.get(`/api/workshops/${CODE}`);
  assert.equal(first.status, 200);
  assert.equal(w.goCalls, 1);
  const etag = first.headers.get("etag");
  for (let i = 0; i < 5; i++) {
    w.now += 100; // across the TTL: D1 is read again, Go is not woken
    const r = await w.get(`/api/workshops/${CODE}`, { "If-None-Match": etag });
    assert.equal(r.status, 304);
    assert.equal(r.headers.get("etag"), etag);
    assert.equal(r.headers.get("x-content-type-options"), "nosniff");
    assert.equal(r.headers.get("cache-control"), "private, no-cache");
  }
  assert.equal(w.goCalls, 1);
  assert.ok(w.reads >= 2 && w.reads <= 4, `D1 read ${w.reads} times in 500 ms with a TTL of 250 ms`);
  assert.equal(w.fp.stats.fast304, 5);
});

test("a new state goes to Go once, then its body is served to the other phones", async () => {
  const w = world();
  const old = (await w.get(`/api/workshops/${CODE}`)).headers.get("etag");
  w.row.state_revision++; // the facilitator moved the room (in another isolate)
  w.now += 300;
  const r1 = await w.get(`/api/workshops/${CODE}`, { "If-None-Match": old });
  assert.equal(r1.status, 200);
  assert.equal(w.goCalls, 2);
  const want = await r1.text();
  for (let i = 0; i < 3; i++) {
    const r = await w.get(`/api/workshops/${CODE}`, { "If-None-Match": old });
    assert.equal(r.status, 200);
    assert.equal(await r.text(), want);
    assert.equal(r.headers.get("etag"), stateETag(ID, 3));
    assert.equal(r.headers.get("content-type"), "application/json");
  }
  assert.equal(w.goCalls, 2);
  assert.equal(w.fp.stats.fast200, 3);
});

test("a change in another isolate shows within the TTL, and a newer ETag than the cache's goes to Go", async () => {
  const w = world();
  const old = (await w.get(`/api/workshops/${CODE}`)).headers.get("etag");
  w.row.state_revision++;
  w.now += 100; // within the TTL: the cached revision still answers
  assert.equal((await w.get(`/api/workshops/${CODE}`, { "If-None-Match": old })).status, 304);
  // A phone that saw the new state elsewhere never gets a 304 for the old one.
  const calls = w.goCalls;
  const r = await w.get(`/api/workshops/${CODE}`, { "If-None-Match": stateETag(ID, 3) });
  assert.equal(r.status, 304);
  assert.equal(w.goCalls, calls + 1, "answered by Go, not by the stale cache");
  w.now += 200; // past the TTL
  assert.equal((await w.get(`/api/workshops/${CODE}`, { "If-None-Match": old })).status, 200);
});

test("a facilitator's PATCH through this isolate is seen by the next poll", async () => {
  const w = world({ ttlMs: 60_000 });
  const old = (await w.get(`/api/workshops/${CODE}`)).headers.get("etag");
  w.row.state_revision++;
  await w.send("PATCH", `/api/workshops/${CODE.toLowerCase()}`, { Authorization: "Bearer t" });
  const r = await w.get(`/api/workshops/${CODE}`, { "If-None-Match": old });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get("etag"), stateETag(ID, 3));
});

test("the wall: 304 while its revision holds, Go for a full read and after a step", async () => {
  const w = world();
  const r0 = await w.get(`/api/workshops/${CODE}/wall`);
  assert.equal(r0.status, 200);
  const etag = r0.headers.get("etag");
  assert.equal((await w.get(`/api/workshops/${CODE}/wall`, { "If-None-Match": etag })).status, 304);
  assert.equal(w.goCalls, 1);
  w.row.revision++; // a step
  w.now += 300;
  const r = await w.get(`/api/workshops/${CODE}/wall`, { "If-None-Match": etag });
  assert.equal(r.status, 200);
  assert.equal(w.goCalls, 2);
  // A wall's body is never served from the glue.
  await w.get(`/api/workshops/${CODE}/wall`);
  assert.equal(w.goCalls, 3);
});

test("what the fast path leaves to Go", async () => {
  const cases = [
    ["the facilitator's poll (Authorization)", (w, e) => w.get(`/api/workshops/${CODE}`, { "If-None-Match": e, Authorization: "Bearer t" })],
    ["an unknown session", (w, e) => w.get(`/api/workshops/QQQQQQ`, { "If-None-Match": e })],
    ["a code that is no join code", (w, e) => w.get(`/api/workshops/ab`, { "If-None-Match": e })],
    ["another route", (w) => w.get(`/api/health`)],
    ["an answer", (w) => w.send("POST", `/api/workshops/${CODE}/answers`)],
    [
      "an expired session",
      (w, e) => {
        w.now = Date.parse(w.row.last_activity) + SESSION_TTL_MS + 1000;
        return w.get(`/api/workshops/${CODE}`, { "If-None-Match": e });
      },
    ],
    [
      "D1 failing",
      (w, e) => {
        w.d1Fails = true;
        w.now += 1000;
        return w.get(`/api/workshops/${CODE}`, { "If-None-Match": e });
      },
    ],
  ];
  for (const [name, req] of cases) {
    const w = world();
    const etag = (await w.get(`/api/workshops/${CODE}`)).headers.get("etag");
    const before = w.goCalls;
    await req(w, etag);
    assert.equal(w.goCalls, before + 1, `${name}: want it answered by Go`);
  }
});

test("normalizeCode is lagesbild.NormalizeJoinCode", () => {
  const cases = [
    ["ACDEFG", "ACDEFG"],
    ["acd-efg", "ACDEFG"],
    ["ACD%20EFG", "ACDEFG"],
    ["ACDEF", null],
    ["ACDEFGH", null],
    ["ACDEFB", null], // B is not in the alphabet
    ["%E0%A4%A", null],
  ];
  for (const [raw, want] of cases) {
    assert.equal(normalizeCode(raw), want, raw);
  }
});

test("etagMatches is worker/workshop.go's", () => {
  const cases = [
    ['"s-1-2"', '"s-1-2"', true],
    ['W/"s-1-2"', '"s-1-2"', true],
    ['"a", "s-1-2"', '"s-1-2"', true],
    ["*", '"s-1-2"', true],
    ['"s-1-3"', '"s-1-2"', false],
    ["", '"s-1-2"', false],
  ];
  for (const [header, etag, want] of cases) {
    assert.equal(etagMatches(header, etag), want, header);
  }
});

test("the cache keeps at most maxSessions sessions", async () => {
  const next = async () => new Response("{}", { status: 200 });
  const db = {
    prepare: () => ({
      bind: (code) => ({ first: async () => ({ id: ID, revision: 1, state_revision: 1, last_activity: "2026-12-03T09:59:00Z", code }) }),
    }),
  };
  const fp = createFastPoll({ next, clock: { now: () => T0 }, maxSessions: 3, db: () => db });
  for (const c of ["AAAAAA", "CCCCCC", "DDDDDD", "EEEEEE", "FFFFFF"]) {
    await fp.fetch(new Request(`http://x/api/workshops/${c}`), {}, {});
  }
  assert.deepEqual([...fp.sessions.keys()], ["DDDDDD", "EEEEEE", "FFFFFF"]);
});

test("a poll after a write through this isolate sees it; a write during a read is read again", async () => {
  const w = world({ ttlMs: 60_000 });
  const wall = (await w.get(`/api/workshops/${CODE}/wall`)).headers.get("etag");
  const state = (await w.get(`/api/workshops/${CODE}`)).headers.get("etag");
  // An answer makes a step: the wall's next poll sees it at once, the state's stays cached.
  w.row.revision++;
  await w.send("POST", `/api/workshops/${CODE}/answers`);
  const reads = w.reads;
  assert.equal((await w.get(`/api/workshops/${CODE}/wall`, { "If-None-Match": wall })).status, 200);
  assert.equal(w.reads, reads + 1);
  assert.equal((await w.get(`/api/workshops/${CODE}`, { "If-None-Match": state })).status, 304);
  assert.equal(w.reads, reads + 1, "the state's revision needs no new read after an answer");
  // A write that passes while a read is under way: that read is not trusted.
  const wall2 = wallETag(ID, w.row.revision);
  const poll = w.get(`/api/workshops/${CODE}/wall`, { "If-None-Match": wall2 });
  w.row.revision++;
  await w.send("POST", `/api/workshops/${CODE}/answers`);
  await poll;
  const r = await w.get(`/api/workshops/${CODE}/wall`, { "If-None-Match": wall2 });
  assert.equal(r.status, 200, "the step of the write is seen");
});
