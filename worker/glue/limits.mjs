// The glue's front door (worker.mjs wraps the pool's fetch in it): what a
// request must pass before a Go instance is taken for it. Go instances are
// few (GO_INSTANCES per isolate, pool.mjs), so nothing slow or abusive may
// hold one:
//
//   - The body is read whole, at most MAX_BODY bytes and within
//     BODY_DEADLINE_MS for the whole of it, before the pool is asked for an
//     instance. Four clients sending a body at one byte a second held every
//     instance while Go waited for their bodies, and the API stalled (issue
//     18). A body over the limit gets 413 however it is sent (by its
//     Content-Length, or counted as it comes); one that does not arrive in
//     time, 408. Go has its own, smaller limit (413 too).
//   - Rate limits, with Cloudflare's rate-limiting binding (wrangler.toml,
//     [[ratelimits]]; worker/README.md, "Limits", has the numbers): workshop
//     sessions created, joins and wrong join codes per client; responses and
//     plans per code, per client when anonymous (rounds open to all), and
//     per round and unit. Over a limit: 429 before Go is woken.
//
// A client is the SHA-256 of its CF-Connecting-IP (set by Cloudflare's edge,
// and by wrangler locally): the hash goes to the binding, which keeps its
// counters in memory only; no address reaches Go or D1. A code is keyed by
// its own hash (not the one D1 stores). Clients that guess join codes are
// remembered, by that hash, in this isolate's memory for GUESS_BLOCK_MS.
//
// Nothing here holds a promise beyond its request: every promise is made and
// settled in the request it serves (worker.mjs, the big comment).
import { realClock } from "./pool.mjs";

// The glue's ceiling on a body, and its deadline for the whole body.
export const MAX_BODY = 1 << 20;
export const BODY_DEADLINE_MS = 10_000;
// How long a client over the wrong-join-code limit is refused (the
// binding's period).
export const GUESS_BLOCK_MS = 60_000;
const MAX_BLOCKED = 10_000; // clients remembered at once per isolate

// The message of every 429 the glue answers: both languages, no figures (no
// limit, no count).
export const RATE_MESSAGE =
  "För många förfrågningar just nu. Vänta en minut och försök igen. / Too many requests right now. Wait a minute and try again.";

// apiError is an answer in the API's error shape (worker/http.go): the code
// from the one table (error.go) and a message for developers.
export function apiError(status, code, message, headers = {}) {
  return new Response(JSON.stringify({ code, error: message }) + "\n", {
    status,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      ...headers,
    },
  });
}

const tooLarge = () => apiError(413, "too_large", `body: over the limit of ${MAX_BODY} bytes`);
const tooSlow = (ms) =>
  apiError(408, "request_timeout", `body: not received within ${ms / 1000} s; send it again`);
const limited = () => apiError(429, "rate_limited", RATE_MESSAGE, { "Retry-After": "60" });

// readBody reads req's body whole: { body } (a Uint8Array, or null for
// none), or { response } (413, 408) when it is too large or too slow. The
// deadline is a timer of this request's, cleared when the body is in. A
// body over the limit is read to its end and dropped, within the same
// deadline, before the 413: cancelled instead, workerd (locally, behind
// wrangler) answered 503 or left the connection hanging for the client's
// next request.
export async function readBody(req, { maxBody = MAX_BODY, deadlineMs = BODY_DEADLINE_MS, clock = realClock } = {}) {
  if (req.body === null) {
    return { body: null };
  }
  const length = req.headers.get("content-length");
  let over = length !== null && !(Number(length) <= maxBody);
  const reader = req.body.getReader();
  let late = false;
  const timer = clock.setTimeout(() => {
    late = true;
    reader.cancel().catch(() => {}); // ends the pending read
  }, deadlineMs);
  const chunks = [];
  let size = 0;
  try {
    for (;;) {
      let step;
      try {
        step = await reader.read();
      } catch (err) {
        if (late) {
          break;
        }
        throw err;
      }
      if (step.done || late) {
        break;
      }
      size += step.value.byteLength;
      over ||= size > maxBody;
      if (!over) {
        chunks.push(step.value);
      } else {
        chunks.length = 0; // dropped as it comes
      }
    }
  } finally {
    clock.clearTimeout(timer);
  }
  if (over) {
    return { response: tooLarge() };
  }
  if (late) {
    return { response: tooSlow(deadlineMs) };
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    body.set(c, at);
    at += c.byteLength;
  }
  return { body };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

// hash is the hex SHA-256 (first 16 bytes) of kind and value.
async function hash(kind, value) {
  const sum = new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(`lagesbild-limit\0${kind}\0${value}`)));
  let hex = "";
  for (const b of sum.subarray(0, 16)) {
    hex += b.toString(16).padStart(2, "0");
  }
  return hex;
}

// A write: who it is for (round, unit) and the code it carries, from the
// path, Authorization and the body (JSON, or a form).
const WRITE_JSON = /^\/api\/responses$/;
const WRITE_FORM = /^\/api\/responses\/form$/;
const WRITE_PLAN = /^\/api\/rounds\/([^/]+)\/plans\/([^/]+)$/;
const WORKSHOPS = "/api/workshops";
const WORKSHOP = /^\/api\/workshops\/[^/]+(\/|$)/;
const JOIN = /^\/api\/workshops\/[^/]+\/participants$/;

// write returns { round, unit, code } of a write request, or undefined for
// one that is not a write of responses or plans.
function write(method, path, headers, body) {
  const auth = headers.get("authorization") || "";
  let code = /^bearer\s+/i.test(auth) ? auth.replace(/^bearer\s+/i, "") : "";
  let round = "";
  let unit = "";
  if (method === "PUT" && WRITE_PLAN.test(path)) {
    const m = path.match(WRITE_PLAN);
    round = m[1];
    unit = m[2];
  } else if (method === "POST" && WRITE_JSON.test(path)) {
    try {
      const v = JSON.parse(decoder.decode(body || new Uint8Array(0)));
      round = typeof v?.round === "string" ? v.round : "";
      unit = typeof v?.municipality === "string" && v.municipality ? v.municipality : typeof v?.county === "string" ? v.county : "";
    } catch {
      // Go answers 400 for it; it still counts against the client or code.
    }
  } else if (method === "POST" && WRITE_FORM.test(path)) {
    const f = new URLSearchParams(decoder.decode(body || new Uint8Array(0)));
    round = f.get("round") || "";
    unit = f.get("municipality") || f.get("county") || "";
    code = f.get("code") || code;
  } else {
    return undefined;
  }
  // Codes are case- and dash-insensitive (worker/auth.go).
  code = code.toUpperCase().replace(/[^0-9A-Z]/g, "");
  return { round: round.slice(0, 64), unit: unit.slice(0, 16), code };
}

// over asks a binding to count key, and says whether the key is over its
// limit. A binding that is not configured limits nothing.
async function over(binding, key) {
  if (!binding) {
    return false;
  }
  const { success } = await binding.limit({ key });
  return !success;
}

// createGuard returns guard(next): a fetch handler that lets a request on to
// next (the pool's fetch) with its body read, or answers it itself (408,
// 413, 429). LIMITS = "off" (a worker variable, for tests that make many
// requests from one address) switches the rate limits off, never the body's.
export function createGuard({ clock = realClock, maxBody = MAX_BODY } = {}) {
  const blocked = new Map(); // client hash → until (ms): wrong join codes
  const isBlocked = (client) => {
    const until = blocked.get(client);
    if (until === undefined) {
      return false;
    }
    if (until > clock.now()) {
      return true;
    }
    blocked.delete(client);
    return false;
  };
  const block = (client) => {
    if (blocked.size >= MAX_BLOCKED) {
      const now = clock.now();
      for (const [k, until] of blocked) {
        if (until <= now || blocked.size >= MAX_BLOCKED) {
          blocked.delete(k);
        }
      }
    }
    blocked.set(client, clock.now() + GUESS_BLOCK_MS);
  };

  return (next) => async (req, env, ctx) => {
    const deadline = Number(env?.BODY_DEADLINE_MS) > 0 ? Number(env.BODY_DEADLINE_MS) : BODY_DEADLINE_MS;
    const read = await readBody(req, { maxBody, deadlineMs: deadline, clock });
    if (read.response) {
      return read.response;
    }
    const { body } = read;
    const limits = env?.LIMITS !== "off";
    const path = new URL(req.url).pathname;
    let client; // the client's hash, made when first needed (a poll needs none)
    const clientKey = async () => (client ??= await hash("client", req.headers.get("cf-connecting-ip") || ""));
    let guessing = false;
    if (limits) {
      if (req.method === "POST" && path === WORKSHOPS) {
        if (await over(env.LIMIT_WORKSHOPS, await clientKey())) {
          return limited();
        }
      } else if (WORKSHOP.test(path)) {
        if (blocked.size > 0 && isBlocked(await clientKey())) {
          return limited();
        }
        guessing = true;
        if (req.method === "POST" && JOIN.test(path) && (await over(env.LIMIT_JOINS, await clientKey()))) {
          return limited();
        }
      } else {
        const w = write(req.method, path, req.headers, body);
        if (w) {
          const unitKey = `${w.round}\0${w.unit}\0${w.code ? "code" : "open"}`;
          if (w.code) {
            if (await over(env.LIMIT_CODE_WRITES, await hash("code", w.code))) {
              return limited();
            }
          } else if (await over(env.LIMIT_OPEN_WRITES, await clientKey())) {
            return limited();
          }
          if (await over(env.LIMIT_UNIT_WRITES, await hash("unit", unitKey))) {
            return limited();
          }
        }
      }
    }
    const passed = body === null ? req : new Request(req, { body });
    const res = await next(passed, env, ctx);
    // A join code that names no session is a guess (or a typo): counted,
    // and a client over the limit is refused on every session's routes.
    // (session_expired is no guess: a wall left open polls its old code.)
    if (guessing && res.status === 404 && (await res.clone().text()).includes('"session_not_found"')) {
      if (await over(env.LIMIT_GUESSES, await clientKey())) {
        block(client);
      }
    }
    return res;
  };
}
