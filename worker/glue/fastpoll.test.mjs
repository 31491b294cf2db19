// Unit tests of the glue's fast path for workshop polls (fastpoll.mjs), under
// Node's own test runner (`make test-glue`): a fake D1 and a fake Go (next)
// that count what they are asked, on a fake clock. e2e/workshop and
// `make bench-workshop` run the same path in workerd with the real Go worker.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  createFastPoll,
  normalizeCode,
  etagMatches,
  preferWait,
  stateETag,
  wallETag,
  SESSION_TTL_MS,
  MAX_WAIT_S,
} from "./fastpoll.mjs";

const ID = "0123456789abcdef0123456789abcdef";
const CODE = "ACDEFG";
const T0 = Date.parse("2026-12-03T10:00:00Z");

// world is a session in a fake D1, a fake Go that answers as worker/workshop.go
// does, and a clock with timers that run when the test advances it.
function world({ ttlMs = 250 } = {}) {
  const timers = [];
  const w = {
    now: T0,
    sleeps: 0,
    row: { id: ID, revision: 5, state_revision: 2, last_activity: "2026-12-03T09:59:00Z" },
    reads: 0,
    goCalls: 0,
    d1Fails: false,
    goMs: 0,
    d1Ms: 0,
  };
  const db = {
    prepare(sql) {
      assert.match(sql, /FROM workshops WHERE code = \?/);
      return {
        bind(code) {
          return {
            async first() {
              w.reads++;
              if (w.d1Ms > 0) {
                await new Promise((ok) => timers.push({ at: w.now + w.d1Ms, ok })); // D1 takes its time
              }
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
    if (w.goMs > 0) {
      await new Promise((ok) => timers.push({ at: w.now + w.goMs, ok })); // Go takes its time
    }
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
  const sleep = (ms) => {
    w.sleeps++;
    return new Promise((ok) => timers.push({ at: w.now + ms, ok }));
  };
  // advance moves the clock by ms, running the timers due on the way in
  // order, each followed by what they set going (D1 and Go answer in microtasks).
  w.advance = async (ms) => {
    const end = w.now + ms;
    for (;;) {
      await new Promise(setImmediate);
      timers.sort((a, b) => a.at - b.at);
      if (timers.length === 0 || timers[0].at > end) {
        break;
      }
      w.now = timers[0].at;
      while (timers.length > 0 && timers[0].at === w.now) {
        timers.shift().ok();
      }
    }
    w.now = end;
  };
  w.fp = createFastPoll({ next, clock: { now: () => w.now }, sleep, ttlMs, db: () => db });
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

// settled reports whether p has settled, after what is under way has run.
async function settled(p) {
  let done = false;
  p.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise(setImmediate);
  return done;
}

test("preferWait reads RFC 7240's wait, capped", () => {
  const cases = [
    [null, 0],
    ["", 0],
    ["wait=20", 20],
    ["respond-async, wait=10", 10],
    ["Wait = 5", 5],
    ['wait="7"', 7],
    ["wait=100", MAX_WAIT_S],
    ["wait=-1", 0],
    ["wait=x", 0],
    ["handling=lenient; wait=3", 3],
  ];
  for (const [header, want] of cases) {
    assert.equal(preferWait(header), want, String(header));
  }
});

test("a held poll is answered when the revision moves, with the new state, without Go more than once", async () => {
  const w = world();
  const old = (await w.get(`/api/workshops/${CODE}`)).headers.get("etag");
  const poll = w.get(`/api/workshops/${CODE}`, { "If-None-Match": old, Prefer: "wait=20" });
  await w.advance(5000);
  assert.equal(await settled(poll), false, "held while nothing moves");
  assert.equal(w.goCalls, 1);
  const reads = w.reads;
  assert.ok(reads <= 2 + 5000 / 250, `D1 read ${reads} times in 5 s of holding`);
  w.row.state_revision++; // the facilitator moves the room (in another isolate)
  await w.advance(700); // a tick and the TTL
  assert.equal(await settled(poll), true, "answered within a tick and the TTL of the move");
  const r = await poll;
  assert.equal(r.status, 200);
  assert.equal(r.headers.get("etag"), stateETag(ID, 3));
  assert.equal(r.headers.get("preference-applied"), "wait=20");
  assert.equal(JSON.parse(await r.text()).section, "s3");
  assert.equal(w.goCalls, 2);
  assert.equal(w.fp.stats.heldMoved, 1);
});

test("a held poll is answered 304 when its wait is over", async () => {
  const w = world();
  const etag = (await w.get(`/api/workshops/${CODE}`)).headers.get("etag");
  const poll = w.get(`/api/workshops/${CODE}`, { "If-None-Match": etag, Prefer: "wait=3" });
  await w.advance(2900);
  assert.equal(await settled(poll), false);
  await w.advance(100);
  assert.equal(await settled(poll), true);
  const r = await poll;
  assert.equal(r.status, 304);
  assert.equal(r.headers.get("etag"), etag);
  assert.equal(r.headers.get("preference-applied"), "wait=3");
  assert.equal(r.headers.get("x-content-type-options"), "nosniff");
  assert.equal(w.goCalls, 1);
  assert.equal(w.fp.stats.heldTimeout, 1);
});

test("a held poll ends when its client leaves", async () => {
  const w = world();
  const etag = (await w.get(`/api/workshops/${CODE}`)).headers.get("etag");
  const ac = new AbortController();
  const req = new Request(`http://x/api/workshops/${CODE}`, { headers: { "If-None-Match": etag, Prefer: "wait=20" }, signal: ac.signal });
  const poll = w.fp.fetch(req, {}, {});
  await w.advance(1000);
  ac.abort();
  await w.advance(500);
  assert.equal(await settled(poll), true, "ended within a tick");
  assert.equal(w.fp.stats.heldGone, 1);
});

test("what is not held", async () => {
  const cases = [
    ["no Prefer", { "If-None-Match": "current" }, 304, null],
    ["Prefer without wait", { "If-None-Match": "current", Prefer: "respond-async" }, 304, null],
    ["wait=0", { "If-None-Match": "current", Prefer: "wait=0" }, 304, null],
    ["the facilitator's poll (Authorization)", { "If-None-Match": "current", Prefer: "wait=20", Authorization: "Bearer t" }, 304, null],
    ["a state the phone has not seen", { "If-None-Match": '"s-01234567-1"', Prefer: "wait=20" }, 200, null],
    ["no If-None-Match", { Prefer: "wait=20" }, 200, null],
    ["the wall", { "If-None-Match": "current", Prefer: "wait=20" }, 304, "/wall"],
  ];
  for (const [name, headers, status, sub] of cases) {
    const w = world();
    const path = `/api/workshops/${CODE}${sub || ""}`;
    const etag = (await w.get(path)).headers.get("etag");
    if (headers["If-None-Match"] === "current") {
      headers["If-None-Match"] = etag;
    }
    const r = w.get(path, headers);
    assert.equal(await settled(r), true, `${name}: answered at once`);
    assert.equal((await r).status, status, name);
    assert.equal((await r).headers.get("preference-applied"), null, name);
    assert.equal(w.sleeps, 0, name);
  }
});

test("300 held phones: D1 read about once per TTL, Go woken once when the room moves", async () => {
  const w = world();
  const old = (await w.get(`/api/workshops/${CODE}`)).headers.get("etag");
  w.d1Ms = 8; // the phones' ticks meet reads under way
  const polls = [];
  for (let p = 0; p < 300; p++) {
    polls.push(w.get(`/api/workshops/${CODE}`, { "If-None-Match": old, Prefer: "wait=20" }));
    await w.advance(3); // phones do not poll in step
  }
  const reads = w.reads;
  await w.advance(10_000);
  const per = (w.reads - reads) / (10_000 / 250);
  assert.ok(per <= 1.5, `D1 read ${w.reads - reads} times in 10 s of 300 held polls: ${per.toFixed(2)} per TTL`);
  assert.equal(w.goCalls, 1);
  w.goMs = 80; // while Go makes the new state, more phones see the move
  w.row.state_revision++;
  await w.advance(1000);
  const answers = await Promise.all(polls);
  for (const r of answers) {
    assert.equal(r.status, 200);
    assert.equal(r.headers.get("etag"), stateETag(ID, 3));
    assert.equal(r.headers.get("preference-applied"), "wait=20");
  }
  assert.equal(w.goCalls, 2, "Go woken once for 300 phones");
  assert.equal(w.fp.stats.fast200, 299);
});
