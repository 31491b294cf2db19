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

// The session's lifetime without activity: worker/workshop.go, workshopTTL.
export const SESSION_TTL_MS = 48 * 3600 * 1000;
// How long revisions read from D1 are trusted in this isolate.
export const DEFAULT_TTL_MS = 250;
// The most sessions kept in one isolate's cache (oldest dropped first).
export const DEFAULT_MAX_SESSIONS = 1000;

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
    const m = /^\s*(?:W\/)?"s-([0-9a-f]+)-(\d+)"\s*$/.exec(t);
    if (m !== null && m[1] === id && Number(m[2]) > e.srev) {
      return true;
    }
  }
  return false;
}

export const stateETag = (id, rev) => `"s-${id.slice(0, 8)}-${rev}"`;
export const wallETag = (id, rev) => `"w-${id.slice(0, 8)}-${rev}"`;

const REVISIONS = "SELECT id, revision, state_revision, last_activity FROM workshops WHERE code = ?";

// createFastPoll returns a fetch handler that answers what it can and hands
// the rest to next(req, env, ctx) (the pool's fetch). clock.now() is the time
// in ms; db(env) the D1 binding.
export function createFastPoll({
  next,
  clock = Date,
  ttlMs = DEFAULT_TTL_MS,
  maxSessions = DEFAULT_MAX_SESSIONS,
  db = (env) => env.DB,
}) {
  const sessions = new Map(); // code → { id, rev, srev, active, read, wallStale, body }
  let writes = 0; // writes to sessions that have passed through this isolate
  let template = null; // [name, value] pairs of Go's poll answers: its security headers

  const stats = { fast304: 0, fast200: 0, d1: 0, passed: 0 };

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
    const row = await db(env).prepare(REVISIONS).bind(code).first();
    if (!row) {
      sessions.delete(code);
      return null;
    }
    const entry = {
      id: row.id,
      rev: row.revision,
      srev: row.state_revision,
      active: Date.parse(row.last_activity),
      // A write that came through while D1 was read may be missing from the row: read again next time.
      read: writes === before ? now : -Infinity,
      wallStale: false,
      body: e && e.id === row.id ? e.body : undefined, // a body under an older ETag is never served
    };
    remember(code, entry);
    return entry;
  }

  function headersWith(etag) {
    const h = new Headers(template);
    h.set("ETag", etag);
    h.set("Cache-Control", "private, no-cache");
    return h;
  }

  // pass hands the request to Go, and learns from a poll's answer: the
  // headers Go sets, and a state body under its ETag.
  async function pass(req, env, ctx, code, wall) {
    stats.passed++;
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
    const m = ROUTE.exec(url.pathname);
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
    if (e === null || clock.now() - e.active >= SESSION_TTL_MS || Number.isNaN(e.active)) {
      return pass(req, env, ctx, code, wall); // 404 or session_expired, from Go
    }
    const etag = wall ? wallETag(e.id, e.rev) : stateETag(e.id, e.srev);
    if (inm !== null && template !== null && etagMatches(inm, etag)) {
      stats.fast304++;
      return new Response(null, { status: 304, headers: headersWith(etag) });
    }
    if (!wall && e.body && e.body.etag === etag && !ahead(inm, e)) {
      stats.fast200++;
      return new Response(e.body.bytes.slice(), { status: 200, headers: e.body.headers }); // a copy: a body is not shared
    }
    return pass(req, env, ctx, code, wall);
  }

  return { fetch, stats, sessions };
}
