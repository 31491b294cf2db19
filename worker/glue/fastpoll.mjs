// The glue's fast path for workshop polls (issue 17, item 1): a poll that
// finds nothing new is answered here, before a Go instance is taken, from the
// session's revisions in D1; so is a phone's first read of a new state once
// Go has made it in this isolate. Everything else goes to Go (next).
//
// What it answers, and only for GET without Authorization (a facilitator's
// poll, which carries its token, always goes to Go):
//
//   GET /api/workshops/{code}        with If-None-Match: 304 when the state's
//                                    ETag still matches; 200 with the body Go
//                                    made for the current ETag, if it has one
//   GET /api/workshops/{code}/wall   with If-None-Match: 304 when the wall's
//                                    ETag still matches
//
// The ETags are Go's (worker/workshop.go: stateETag, wallETag), made of the
// same columns, which the triggers of migrations/0002 and 0006 move inside
// the statement that writes (D1 has no transactions): the wall's revision
// moves only when what the wall shows does, so a 304 here tells no more than
// Go's did. A session that is unknown, has expired (48 hours without
// activity, as Go's checkAlive) or whose ETag does not match goes to Go,
// which answers it as before.
//
// The revisions are read from D1 (one small row by the unique join code)
// and kept in the isolate for at most ttlMs. Why that is still correct when
// deployed, where writes may land in another isolate: a poll is answered
// 304 only when the client's ETag equals the cached one, so a client that
// has seen a newer state (from another isolate) never matches an older
// cache and goes to Go, which reads D1; a client behind the newest state
// learns of it at most ttlMs later than from D1 itself. A facilitator's
// change (PATCH) that passes through this isolate drops the cached entry at
// once, and a join or an answer marks the wall's revision to be read again:
// a poll after a write in the same isolate sees it (read-your-writes; the
// wall's steps are judged by what a poll after each answer shows, see
// e2e/workshop TestAttackDifferencing). A cached state body is served only under the ETag Go gave it, which
// is what Go's own 304 already implies (the state's ETag names the state
// revision; the body's `expires` is as of Go's answer). Only plain values
// are kept between requests, never a promise (worker.mjs says why).
//
// A long-poll for the phones: a phone's state poll that would be answered
// 304 and says `Prefer: wait=N` (RFC 7240; N ≤ MAX_WAIT_S) is held here
// instead, without a Go instance, until the state's revision moves (then it
// is answered as any poll that finds a new state: the body Go made, or Go)
// or N seconds pass (304). 300 phones polling every second were 300
// requests a second; held, a room costs a few requests a minute per phone.
// A held request looks at the revision every holdTickMs through the same
// cached row, so all the held polls of a session cost one D1 read per
// ttlMs; it waits on its own timers only and reads the cache again in its
// own context, never awaiting what another request started. When the
// revision moves, the first poll to see it goes to Go and the others wait
// (their own timers again) for the body it brings, so a room's phones wake
// Go once, not 300 times. Every held answer says `Preference-Applied:
// wait=N`, which tells the phone it may poll again at once; a client that
// disconnects ends its hold where workerd signals it (req.signal, with
// wrangler.toml's enable_request_signal flag), else the hold just times
// out. Locally it times out: Miniflare's front does not pass a disconnect
// on (300 holds left by their clients cost ~28 ms of CPU a second, flag or
// not, until their timeout).

// The session's lifetime without activity: worker/workshop.go, workshopTTL.
export const SESSION_TTL_MS = 48 * 3600 * 1000;
// How long revisions read from D1 are trusted in this isolate.
export const DEFAULT_TTL_MS = 250;
// The most sessions kept in one isolate's cache (oldest dropped first).
export const DEFAULT_MAX_SESSIONS = 1000;

// The longest a poll is held (Prefer: wait=N is capped to it): well within
// the clients' own timeouts (a browser's, e2e/workshop's 30 s).
export const MAX_WAIT_S = 25;
// How often a held poll looks at the session's revision.
export const DEFAULT_HOLD_TICK_MS = 400;
// How long a held poll that saw the revision move waits for the body
// another request is fetching from Go, looking every BODY_TICK_MS, before
// it asks Go itself.
const BODY_WAIT_MS = 3000;
const BODY_TICK_MS = 40;

// The join code's alphabet and length: lagesbild.JoinAlphabet, JoinCodeLength.
const ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679";
const CODE_LENGTH = 6;

// A session's routes: its state, its wall, and what writes to it (participants, answers, response).
const ROUTE = /^\/api\/workshops\/([^/]+)(\/[a-z]+)?$/;

// Headers of a Go answer that the fast path does not copy into its own.
const OWN = new Set(["etag", "content-length", "content-type", "vary"]);

// normalizeCode is lagesbild.NormalizeJoinCode: case- and dash-insensitive;
// null for anything else (Go answers it).
export function normalizeCode(raw) {
  let s;
  try {
    s = decodeURIComponent(raw);
  } catch {
    return null;
  }
  let out = "";
  for (const ch of s.toUpperCase()) {
    if (ch === " " || ch === "-") {
      continue;
    }
    if (!ALPHABET.includes(ch) || out.length === CODE_LENGTH) {
      return null;
    }
    out += ch;
  }
  return out.length === CODE_LENGTH ? out : null;
}

// etagMatches is worker/workshop.go's etagMatches.
export function etagMatches(header, etag) {
  for (let t of header.split(",")) {
    t = t.trim();
    if (t.startsWith("W/")) {
      t = t.slice(2);
    }
    if (t === etag || t === "*") {
      return true;
    }
  }
  return false;
}

// ahead reports whether an If-None-Match names a later state of the session
// than the cached one: the client has seen it in another isolate, so the
// cached body would take it back; Go answers it.
export function ahead(header, e) {
  if (header === null) {
    return false;
  }
  const id = e.id.slice(0, 8);
  for (const t of header.split(",")) {
    const m = t.match(/^\s*(?:W\/)?"s-([0-9a-f]+)-(\d+)"\s*$/);
    if (m !== null && m[1] === id && Number(m[2]) > e.srev) {
      return true;
    }
  }
  return false;
}

// preferWait is the wait a Prefer header asks for (RFC 7240: wait=N
// seconds), capped at MAX_WAIT_S; 0 for none.
export function preferWait(header) {
  if (header === null) {
    return 0;
  }
  for (const t of header.split(/[,;]/)) {
    const m = t.match(/^\s*wait\s*=\s*"?(\d{1,6})"?\s*$/i);
    if (m !== null) {
      return Math.min(Number(m[1]), MAX_WAIT_S);
    }
  }
  return 0;
}

const realSleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

export const stateETag = (id, rev) => `"s-${id.slice(0, 8)}-${rev}"`;
export const wallETag = (id, rev) => `"w-${id.slice(0, 8)}-${rev}"`;

const REVISIONS = "SELECT id, revision, state_revision, last_activity FROM workshops WHERE code = ?";

// createFastPoll returns a fetch handler that answers what it can and hands
// the rest to next(req, env, ctx) (the pool's fetch). clock.now() is the time
// in ms, and sleep(ms) a promise, made in the calling request, settled
// after ms; db(env) the D1 binding; a held poll waits at most waitUnitMs
// per second of its Prefer: wait (1000; tests shorten it).
export function createFastPoll({
  next,
  clock = Date,
  sleep = realSleep,
  ttlMs = DEFAULT_TTL_MS,
  holdTickMs = DEFAULT_HOLD_TICK_MS,
  waitUnitMs = 1000,
  maxSessions = DEFAULT_MAX_SESSIONS,
  db = (env) => env.DB,
}) {
  const sessions = new Map(); // code → { id, rev, srev, active, read, wallStale, body }
  let writes = 0; // writes to sessions that have passed through this isolate
  let template = null; // [name, value] pairs of Go's poll answers: its security headers

  const reading = new Map(); // code → D1 reads of the session's revisions under way (by any request)
  const fetching = new Map(); // code → state polls of the session in Go now

  const stats = { fast304: 0, fast200: 0, d1: 0, passed: 0, held: 0, heldMoved: 0, heldTimeout: 0, heldGone: 0 };

  function remember(code, entry) {
    sessions.delete(code); // re-inserted: the Map's order is the age
    sessions.set(code, entry);
    if (sessions.size > maxSessions) {
      sessions.delete(sessions.keys().next().value);
    }
  }

  // revisions returns the session's revisions, read from D1 unless read in
  // the last ttlMs; null when there is no such session.
  async function revisions(code, env, wall) {
    const now = clock.now();
    const e = sessions.get(code);
    if (e && now - e.read < ttlMs && !(wall && e.wallStale)) {
      return e;
    }
    stats.d1++;
    const before = writes;
    let row;
    reading.set(code, (reading.get(code) || 0) + 1);
    try {
      row = await db(env).prepare(REVISIONS).bind(code).first();
    } finally {
      const n = reading.get(code) - 1;
      n > 0 ? reading.set(code, n) : reading.delete(code);
    }
    if (!row) {
      sessions.delete(code);
      return null;
    }
    const cur = sessions.get(code); // as it is now: Go may have brought a body while D1 was read
    const entry = {
      id: row.id,
      rev: row.revision,
      srev: row.state_revision,
      active: Date.parse(row.last_activity),
      // A write that came through while D1 was read may be missing from the row: read again next time.
      read: writes === before ? now : -Infinity,
      wallStale: false,
      body: cur && cur.id === row.id ? cur.body : undefined, // a body under an older ETag is never served
    };
    remember(code, entry);
    return entry;
  }

  // look is revisions for a held poll: while another request is reading the
  // session's row from D1, the cached entry (one tick older at most) is good
  // enough, so the held polls of a room do not read D1 side by side.
  function look(code, env) {
    const e = sessions.get(code);
    if (e && reading.has(code)) {
      return e;
    }
    return revisions(code, env, false);
  }

  const alive = (e) => e !== null && clock.now() - e.active < SESSION_TTL_MS && !Number.isNaN(e.active);

  // hold waits, on this request's own timers, until the session's state
  // ETag is no longer etag ("moved": also when the session is gone), ms
  // pass ("timeout") or the client leaves ("gone").
  async function hold(req, env, code, etag, ms) {
    const until = clock.now() + ms;
    let gone = false;
    const leave = () => {
      gone = true;
    };
    const signal = req.signal;
    signal?.addEventListener?.("abort", leave);
    try {
      for (;;) {
        const left = until - clock.now();
        if (left <= 0) {
          return "timeout";
        }
        await sleep(Math.min(holdTickMs, left));
        if (gone || signal?.aborted) {
          return "gone";
        }
        let e;
        try {
          e = await look(code, env);
        } catch {
          continue; // D1 failing: keep holding, the timeout still ends it
        }
        if (!alive(e) || stateETag(e.id, e.srev) !== etag) {
          return "moved";
        }
      }
    } finally {
      signal?.removeEventListener?.("abort", leave);
    }
  }

  // awaitBody waits, on this request's own timers, while another state poll
  // of the session is in Go, for the body of etag it brings; the entry with
  // that body, or null (then this request asks Go).
  async function awaitBody(code, etag) {
    for (let waited = 0; waited < BODY_WAIT_MS && (fetching.get(code) || 0) > 0; waited += BODY_TICK_MS) {
      await sleep(BODY_TICK_MS);
      const e = sessions.get(code);
      if (e && e.body && e.body.etag === etag) {
        return e;
      }
    }
    return null;
  }

  function headersWith(etag) {
    const h = new Headers(template);
    h.set("ETag", etag);
    h.set("Cache-Control", "private, no-cache");
    return h;
  }

  // pass hands the request to Go, and learns from a poll's answer (learn):
  // the headers Go sets, and a state body under its ETag.
  async function pass(req, env, ctx, code, wall) {
    stats.passed++;
    const poll = code !== null && req.method === "GET" && !wall && !req.headers.has("authorization");
    if (!poll) {
      return learn(req, env, ctx, code, wall);
    }
    // Counted until the body is kept: held polls that saw the move wait for it (awaitBody).
    fetching.set(code, (fetching.get(code) || 0) + 1);
    try {
      return await learn(req, env, ctx, code, wall);
    } finally {
      const n = fetching.get(code) - 1;
      n > 0 ? fetching.set(code, n) : fetching.delete(code);
    }
  }

  async function learn(req, env, ctx, code, wall) {
    const res = await next(req, env, ctx);
    if (code === null) {
      return res;
    }
    if (req.method !== "GET") {
      // What this isolate wrote, its next poll reads: a PATCH (the facilitator's change) moves both
      // revisions; a join or an answer may move the wall's (the state's never).
      writes++;
      const e = sessions.get(code);
      if (req.method === "PATCH") {
        sessions.delete(code);
      } else if (e) {
        e.wallStale = true;
      }
      return res;
    }
    if ((res.status !== 200 && res.status !== 304) || req.headers.has("authorization")) {
      return res;
    }
    if (template === null) {
      template = [...res.headers].filter(([k]) => !OWN.has(k.toLowerCase()));
    }
    const etag = res.headers.get("etag");
    const e = sessions.get(code);
    if (wall || res.status !== 200 || !etag || !e) {
      return res;
    }
    const body = await res.arrayBuffer();
    if (etag === stateETag(e.id, e.srev)) {
      e.body = { etag, bytes: new Uint8Array(body), headers: [...res.headers] };
    }
    return new Response(body, { status: res.status, headers: res.headers });
  }

  async function fetch(req, env, ctx) {
    const url = new URL(req.url);
    const m = url.pathname.match(ROUTE); // not RegExp's exec: layout_test keeps ".exec" for D1_EXEC
    if (m === null) {
      return next(req, env, ctx);
    }
    const code = normalizeCode(m[1]);
    const wall = m[2] === "/wall";
    const inm = req.headers.get("if-none-match");
    if (req.method === "GET" && m[2] !== undefined && !wall) {
      return next(req, env, ctx); // no such poll
    }
    if (code === null || req.method !== "GET" || req.headers.has("authorization") || (inm === null && wall)) {
      return pass(req, env, ctx, code, wall);
    }
    let e;
    try {
      e = await revisions(code, env, wall);
    } catch {
      return pass(req, env, ctx, code, wall); // Go reads D1 again and says what is wrong
    }
    if (!alive(e)) {
      return pass(req, env, ctx, code, wall); // 404 or session_expired, from Go
    }
    let etag = wall ? wallETag(e.id, e.rev) : stateETag(e.id, e.srev);
    const current = inm !== null && template !== null && etagMatches(inm, etag);
    const wait = wall || !current ? 0 : preferWait(req.headers.get("prefer"));
    if (wait === 0) {
      if (current) {
        stats.fast304++;
        return new Response(null, { status: 304, headers: headersWith(etag) });
      }
      return answer(req, env, ctx, code, wall, e, etag, inm);
    }
    // Held: the phone's state is current; answered when it is not, or in wait seconds.
    stats.held++;
    const applied = `wait=${wait}`;
    const how = await hold(req, env, code, etag, wait * waitUnitMs);
    if (how !== "moved") {
      stats[how === "timeout" ? "heldTimeout" : "heldGone"]++;
      const h = headersWith(etag);
      h.set("Preference-Applied", applied);
      return new Response(null, { status: 304, headers: h });
    }
    stats.heldMoved++;
    e = sessions.get(code) || null;
    if (!alive(e)) {
      return pass(req, env, ctx, code, wall);
    }
    etag = stateETag(e.id, e.srev);
    if (!(e.body && e.body.etag === etag)) {
      e = (await awaitBody(code, etag)) || e; // another phone's request is bringing it from Go
    }
    return applyPreference(await answer(req, env, ctx, code, wall, e, etag, inm), applied);
  }

  // answer answers a poll whose ETag is not the session's etag: with the
  // body Go made for etag, when this isolate has it, else by Go.
  function answer(req, env, ctx, code, wall, e, etag, inm) {
    if (!wall && e.body && e.body.etag === etag && !ahead(inm, e)) {
      stats.fast200++;
      return new Response(e.body.bytes.slice(), { status: 200, headers: e.body.headers }); // a copy: a body is not shared
    }
    return pass(req, env, ctx, code, wall);
  }

  return { fetch, stats, sessions };
}

// applyPreference marks a held poll's answer (200 or 304) with the wait it
// was held for; an error is left as Go made it (the client backs off).
function applyPreference(res, applied) {
  if (res.status !== 200 && res.status !== 304) {
    return res;
  }
  const h = new Headers(res.headers);
  h.set("Preference-Applied", applied);
  return new Response(res.body, { status: res.status, headers: h });
}
