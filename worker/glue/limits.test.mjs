// Unit tests of the glue's front door (limits.mjs) under Node's own test
// runner (`make test-glue`): bodies read before an instance is taken, 408
// and 413, and the rate limits with fake bindings that count as Cloudflare's
// does (per key, in memory). e2e/limits proves the same in workerd.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createGuard, readBody, MAX_BODY, GUESS_BLOCK_MS, RATE_MESSAGE } from "./limits.mjs";
import { createPool } from "./pool.mjs";

const flush = () => new Promise((resolve) => setImmediate(resolve));

// manualClock: time moves only by advance, firing what is due.
function manualClock() {
  let now = 1_000_000;
  let seq = 0;
  const timers = new Map();
  return {
    now: () => now,
    setTimeout: (f, ms) => (timers.set(++seq, { at: now + ms, f }), seq),
    clearTimeout: (id) => timers.delete(id),
    setInterval: () => 0,
    clearInterval: () => {},
    pending: () => timers.size,
    advance(ms) {
      now += ms;
      for (const [id, t] of [...timers]) {
        if (t.at <= now) {
          timers.delete(id);
          t.f();
        }
      }
    },
  };
}

// slowStream is a body whose bytes come only when the test pushes them.
function slowStream() {
  let ctrl;
  const stream = new ReadableStream({
    start(c) {
      ctrl = c;
    },
  });
  return { stream, push: (s) => ctrl.enqueue(new TextEncoder().encode(s)), end: () => ctrl.close() };
}

const post = (path, body, headers = {}) =>
  new Request(`http://glue.test${path}`, { method: "POST", body, headers, duplex: "half" });

// fakeLimiter counts per key like the binding: { success } while within limit.
function fakeLimiter(limit) {
  const counts = new Map();
  return {
    keys: counts,
    async limit({ key }) {
      const n = (counts.get(key) || 0) + 1;
      counts.set(key, n);
      return { success: n <= limit };
    },
  };
}

async function errorOf(res) {
  return { status: res.status, ...(await res.json()) };
}

test("readBody: a body within the limit is read whole", async () => {
  const { body } = await readBody(post("/api/responses", '{"a":1}', { "Content-Type": "application/json" }));
  assert.equal(new TextDecoder().decode(body), '{"a":1}');
  assert.deepEqual(await readBody(new Request("http://glue.test/api/health")), { body: null });
});

test("readBody: over the limit is 413, by its Content-Length or counted when chunked", async () => {
  const big = new Uint8Array(MAX_BODY + 1);
  const byLength = await readBody(post("/api/responses", big)); // Content-Length set by Request
  assert.deepEqual(await errorOf(byLength.response), {
    status: 413,
    code: "too_large",
    error: `body: over the limit of ${MAX_BODY} bytes`,
  });
  // Over the limit, the rest is read and dropped (so that workerd keeps
  // the connection sound), then 413.
  const clock = manualClock();
  const s = slowStream();
  const reading = readBody(post("/api/responses", s.stream), { clock });
  for (let i = 0; i <= 32; i++) {
    s.push("x".repeat(MAX_BODY / 16));
  }
  s.end();
  const chunked = await reading;
  assert.equal(chunked.response.status, 413);
  assert.equal(clock.pending(), 0);
  // One that never ends is given up at the deadline, still 413.
  const endless = slowStream();
  const reading2 = readBody(post("/api/responses", endless.stream), { clock, deadlineMs: 10_000 });
  endless.push("x".repeat(MAX_BODY + 1));
  await flush();
  clock.advance(10_000);
  assert.equal((await reading2).response.status, 413);
});

test("readBody: a body not in within the deadline is 408, and the timer is cleared when it is", async () => {
  const clock = manualClock();
  const s = slowStream();
  const reading = readBody(post("/api/responses", s.stream), { deadlineMs: 10_000, clock });
  s.push("{");
  await flush();
  clock.advance(9_999);
  s.push('"a":1');
  await flush();
  clock.advance(1);
  const { response } = await reading;
  const e = await errorOf(response);
  assert.equal(e.status, 408);
  assert.equal(e.code, "request_timeout");

  const fast = slowStream();
  const ok = readBody(post("/api/responses", fast.stream), { deadlineMs: 10_000, clock });
  fast.push("{}");
  fast.end();
  assert.equal(new TextDecoder().decode((await ok).body), "{}");
  assert.equal(clock.pending(), 0, "no timer outlives its body");
});

// A pool of one fake Go instance behind the guard: what the instance serves.
function guarded(clock = manualClock()) {
  const served = [];
  const pool = createPool({
    create: () => ({
      dead: false,
      busySince: 0,
      async handle(req) {
        served.push(`${new URL(req.url).pathname} ${req.body === null ? "" : await req.text()}`);
        return new Response("ok");
      },
      fail() {},
      idle() {},
    }),
    clock,
    log: () => {},
  });
  const ctx = () => ({ waitUntil() {}, passThroughOnException() {} });
  const fetch = createGuard({ clock })(pool.fetch);
  return { fetch, served, pool, ctx, clock };
}

test("a slow body holds no Go instance: with one instance, others are served while it trickles in", async () => {
  const { fetch, served, pool, ctx, clock } = guarded();
  const env = { GO_INSTANCES: "1", LIMITS: "off" };
  const slow = [slowStream(), slowStream(), slowStream(), slowStream()];
  const pending = slow.map((s) => fetch(post("/api/responses", s.stream), env, ctx()));
  for (const s of slow) {
    s.push("{");
  }
  await flush();
  assert.equal(pool.size, 0, "no instance is taken for a body still on its way");
  const health = await fetch(new Request("http://glue.test/api/health"), env, ctx());
  assert.equal(await health.text(), "ok");
  slow[0].push("}");
  slow[0].end();
  assert.equal(await (await pending[0]).text(), "ok");
  clock.advance(10_000); // the others' deadline
  for (const p of pending.slice(1)) {
    assert.equal((await p).status, 408);
  }
  assert.deepEqual(served, ["/api/health ", "/api/responses {}"]);
});

test("rate limits: over a limit is 429 in both languages with no figures, before Go; keys hold no address", async () => {
  const { fetch, served, ctx } = guarded();
  const env = {
    LIMIT_WORKSHOPS: fakeLimiter(2),
    LIMIT_OPEN_WRITES: fakeLimiter(3),
    LIMIT_CODE_WRITES: fakeLimiter(2),
    LIMIT_UNIT_WRITES: fakeLimiter(100),
  };
  const ip = { "CF-Connecting-IP": "203.0.113.7" };
  const statuses = [];
  for (let i = 0; i < 3; i++) {
    statuses.push((await fetch(post("/api/workshops", "{}", ip), env, ctx())).status);
  }
  assert.deepEqual(statuses, [200, 200, 429]);
  // Another client is counted apart.
  assert.equal((await fetch(post("/api/workshops", "{}", { "CF-Connecting-IP": "198.51.100.1" }), env, ctx())).status, 200);
  const res = await fetch(post("/api/workshops", "{}", ip), env, ctx());
  const e = await errorOf(res);
  assert.deepEqual([e.status, e.code, e.error], [429, "rate_limited", RATE_MESSAGE]);
  assert.match(e.error, /Vänta en minut/);
  assert.match(e.error, /Wait a minute/);
  assert.doesNotMatch(e.error, /[0-9]/);
  assert.equal(res.headers.get("Retry-After"), "60");
  assert.equal(served.length, 3, "a refused request never reaches Go");

  // Anonymous writes per client; a code's writes per code, however it is spelled.
  const answer = (headers) =>
    fetch(post("/api/responses", '{"round":"demo","municipality":"0114"}', { ...ip, ...headers }), env, ctx());
  const open = [];
  for (let i = 0; i < 4; i++) {
    open.push((await answer({})).status);
  }
  assert.deepEqual(open, [200, 200, 200, 429]);
  const coded = [];
  for (const code of ["k7qm-3xpa", "K7QM3XPA", "K7QM 3XPA"]) {
    coded.push((await answer({ Authorization: `Bearer ${code}` })).status);
  }
  assert.deepEqual(coded, [200, 200, 429]);
  for (const lim of Object.values(env)) {
    for (const key of lim.keys.keys()) {
      assert.match(key, /^[0-9a-f]{32}$/, "a key is a hash");
      assert.ok(!key.includes("203.0.113.7"));
    }
  }
});

test("rate limits: a round and unit's writes are limited together, with a code and without apart", async () => {
  const { fetch, ctx } = guarded();
  const env = { LIMIT_UNIT_WRITES: fakeLimiter(2) };
  const send = (body, headers = {}) => fetch(post("/api/responses", body, headers), env, ctx());
  const got = [];
  for (let i = 0; i < 3; i++) {
    got.push((await send('{"round":"demo","municipality":"0114"}', { "CF-Connecting-IP": `192.0.2.${i}` })).status);
  }
  got.push((await send('{"round":"demo","municipality":"0115"}')).status);
  got.push((await send('{"round":"demo","municipality":"0114"}', { Authorization: "Bearer ABCD" })).status);
  const form = new URLSearchParams({ round: "demo", municipality: "0114", code: "" });
  got.push((await fetch(post("/api/responses/form", form.toString()), env, ctx())).status);
  const plan = new Request("http://glue.test/api/rounds/demo/plans/0114", { method: "PUT", body: "{}" });
  got.push((await fetch(plan, env, ctx())).status);
  assert.deepEqual(got, [200, 200, 429, 200, 200, 429, 429]);
});

test("wrong join codes: a client over the limit is refused on every session route for a while", async () => {
  const clock = manualClock();
  const served = [];
  const next = async (req) => {
    const path = new URL(req.url).pathname;
    served.push(path);
    return path.includes("GOODGD")
      ? new Response("{}")
      : new Response('{"code":"session_not_found","error":"…"}', { status: 404 });
  };
  const fetch = createGuard({ clock })(next);
  const env = { LIMIT_GUESSES: fakeLimiter(3), LIMIT_JOINS: fakeLimiter(100) };
  const ip = { "CF-Connecting-IP": "203.0.113.9" };
  const join = (code, headers = ip) =>
    fetch(post(`/api/workshops/${code}/participants`, '{"participant":"x"}', headers), env, {});
  const got = [];
  for (const code of ["AAAAAA", "BBBBBB", "CCCCCC", "DDDDDD", "GOODGD"]) {
    got.push((await join(code)).status);
  }
  assert.deepEqual(got, [404, 404, 404, 404, 429], "the fourth wrong code blocks the client");
  assert.equal((await fetch(new Request("http://glue.test/api/workshops/GOODGD", { headers: ip }), env, {})).status, 429);
  assert.equal((await join("GOODGD", { "CF-Connecting-IP": "198.51.100.2" })).status, 200, "others pass");
  clock.advance(GUESS_BLOCK_MS);
  assert.equal((await join("GOODGD")).status, 200);
  // An expired session is no guess.
  const expired = createGuard({ clock })(async () => new Response('{"code":"session_expired"}', { status: 404 }));
  const lim = fakeLimiter(0);
  await expired(post("/api/workshops/EEEEEE/participants", "{}", ip), { LIMIT_GUESSES: lim }, {});
  assert.equal(lim.keys.size, 0);
});

test("LIMITS=off switches the rate limits off, never the body's limits", async () => {
  const { fetch, ctx } = guarded();
  const env = { LIMITS: "off", LIMIT_WORKSHOPS: fakeLimiter(0) };
  assert.equal((await fetch(post("/api/workshops", "{}"), env, ctx())).status, 200);
  assert.equal((await fetch(post("/api/workshops", new Uint8Array(MAX_BODY + 1)), env, ctx())).status, 413);
});
