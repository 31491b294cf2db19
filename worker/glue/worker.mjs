// Lägesbild's glue between workerd and the Go worker. It replaces the
// worker.mjs of workers-assets-gen (`make worker` copies it over; the
// generated one is kept as stock.mjs for `make bench`), which starts a new Go
// instance for every request: 11–13 ms of CPU before the handler runs.
//
// This glue keeps a small pool of Go instances per isolate instead (at most
// GO_INSTANCES, default 4) and gives each instance to ONE request at a time.
//
//   - Go's scheduler may resume any ready goroutine whenever JavaScript calls
//     into Go. Were two requests in one instance, a goroutine of one could run
//     inside the other's callback and make its D1 call in the other's I/O
//     context, which workerd cancels when that request ends. An instance that
//     serves one request at a time — its answer complete, and the tasks Go gave
//     to ctx.waitUntil settled, before it is handed on — runs that request's
//     goroutines only, and only in that request's context: Go's own timeouts
//     are armed only while a request holds the instance, in its context
//     (timers, in pool.mjs).
//   - Each instance has its own runtime context object, the one syumai/workers
//     reads `env` and `ctx` from on every use; it is set to the request's env
//     and ctx on each dispatch, so a handler that uses ctx (waitUntil) late
//     uses its own request's, never the first request's.
//   - A Go program that exits (an unrecovered panic, say on a new goroutine)
//     or traps fails only the request it was serving (500, JSON); the instance
//     is dropped and a later request starts a fresh one. An instance busy for
//     more than a minute is given up on (left to its request, not reused).
//
// No promise is shared between requests: a promise made in one request and
// settled in another after the first has ended is dropped by workerd, with a
// warning. Exits and traps are seen synchronously, in the request that was in
// Go. Requests wait for an instance in arrival order. Nothing is kept between
// requests but the instances and what Go caches from embedded data.
//
// Requests, answers and D1's results cross through Go's memory rather than as
// syscall/js values, which cost dearly per value (worker/cmd/worker/serve.go):
// write puts a request or a D1 result into Go's buffer, a wasm export takes
// it, and Go is resumed; Go leaves its answer in a mailbox that collect reads
// after every time in Go. A D1 result Go no longer waits for is not taken, and
// Go is not resumed for it.
//
// The glue is four modules (`make worker` copies them into build/worker):
//
//   - worker.mjs (this one): a Go instance (Instance) and how a request and
//     D1's results go into it and its answer comes out; it wires the pool to
//     real Go instances;
//   - pool.mjs: the pool — which instance serves which request, and when —
//     and Go's timeouts (timers), with no Go and no workerd in it, tested by
//     pool.test.mjs under `node --test` (`make test-glue`);
//   - limits.mjs: what a request must pass before it may take an instance:
//     its body read whole (size limit, deadline), the rate limits;
//   - fastpoll.mjs: workshop polls that find nothing new, answered from
//     the session's revisions in D1 before a Go instance is taken, and the
//     phones' long-polls held there, each on its own timers;
//   - layout.mjs: where in Go's memory the request and the answer lie, and
//     the names both sides use, generated from worker/glue/layout.go, which
//     the Go worker uses too (`go generate ./worker/glue`).
import "./wasm_exec.js";
import { connect } from "cloudflare:sockets";
import mod from "./app.wasm";
import { createPool, timers } from "./pool.mjs";
import { createGuard } from "./limits.mjs";
import { createFastPoll } from "./fastpoll.mjs";
import {
  MAILBOX_READY,
  MAILBOX_STATUS,
  MAILBOX_PTR,
  MAILBOX_BODY_LEN,
  MAILBOX_HEAD_LEN,
  EXPORT_SERVE,
  EXPORT_D1_DONE,
  IN_PTR,
  IN_CAP,
  OUT_PTR,
  RESERVE,
  D1_EXEC,
  D1_TEXT,
} from "./layout.mjs";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

// An Instance is one Go program; pool.mjs says what the pool asks of it.
class Instance {
  constructor() {
    // The runtime context of this instance's Go program (wasm_exec's
    // go.run exposes it as the global `context` to this instance only).
    // keepAlive tells cmd/worker to serve many requests and never exit.
    this.context = { env: undefined, ctx: undefined, connect, binding: {}, keepAlive: true };
    this.go = undefined;
    this.answer = undefined; // { resolve, reject } of the request being served
    this.started = false;
    this.dead = false;
    this.busySince = 0; // 0 when idle
    this.abort = undefined; // fails the request being served
    this.timeouts = undefined; // Go's timeouts (see timers)
    // D1 for Go's driver (worker/cmd/worker/d1.go): runs a statement on the
    // binding of the request being served and answers with one JSON text.
    this.context.d1 = (id, sql, mode, ...args) => {
      const { env } = this.context;
      let answer;
      try {
        const stmt = args.length > 0 ? env.DB.prepare(sql).bind(...args) : env.DB.prepare(sql);
        answer =
          mode === D1_EXEC
            ? stmt.run().then((r) => JSON.stringify([r.meta.changes, r.meta.last_row_id]))
            : stmt.raw({ columnNames: true }).then((rows) =>
                // One text in one row (the comparison's aggregate) goes as it is,
                // without JSON's escapes: D1_TEXT, the column name, D1_TEXT, the text.
                rows.length === 2 && rows[1].length === 1 && typeof rows[1][0] === "string"
                  ? `${D1_TEXT}${rows[0][0]}${D1_TEXT}${rows[1][0]}`
                  : JSON.stringify(rows),
              );
      } catch (err) {
        answer = Promise.reject(err);
      }
      answer.then(
        (json) => this.dead || this.d1done(id, json, 0),
        (err) => this.dead || this.d1done(id, String((err && err.message) || err), 1),
      );
    };
  }

  // collect takes Go's answer from its mailbox (layout.mjs, MAILBOX_*), if
  // there is one: the status, and the body and then the head ("name:
  // value\n"…) in Go's memory, copied out here, before Go runs again.
  collect() {
    const at = this.context.binding[OUT_PTR];
    const mem = this.go.mem; // wasm_exec keeps it on Go's current memory
    if (at === undefined || mem.getUint32(at + MAILBOX_READY, true) === 0) {
      return;
    }
    mem.setUint32(at + MAILBOX_READY, 0, true);
    const status = mem.getUint32(at + MAILBOX_STATUS, true);
    const ptr = mem.getUint32(at + MAILBOX_PTR, true);
    const bodyLen = mem.getUint32(at + MAILBOX_BODY_LEN, true);
    const headLen = mem.getUint32(at + MAILBOX_HEAD_LEN, true);
    const bytes = new Uint8Array(mem.buffer);
    if (status === 0) {
      this.answer?.reject(new Error(decoder.decode(bytes.subarray(ptr, ptr + bodyLen))));
      return;
    }
    const body = bytes.slice(ptr, ptr + bodyLen);
    const head = decoder.decode(bytes.subarray(ptr + bodyLen, ptr + bodyLen + headLen));
    this.answer?.resolve([status, head, body]);
  }

  // write puts text and then body (null, or a Uint8Array) into Go's request
  // buffer (at binding[IN_PTR], binding[IN_CAP] bytes), growing it if need
  // be, and returns the length of the text in UTF-8.
  write(text, body) {
    const { binding } = this.context;
    const bodyLen = body === null ? 0 : body.byteLength;
    let inPtr = binding[IN_PTR];
    const inCap = binding[IN_CAP];
    let mem = new Uint8Array(this.go._inst.exports.mem.buffer);
    let { read, written } = encoder.encodeInto(text, mem.subarray(inPtr, inPtr + inCap));
    if (read < text.length || written + bodyLen > inCap) {
      const bytes = encoder.encode(text);
      binding[RESERVE](bytes.length + bodyLen);
      inPtr = binding[IN_PTR]; // a new buffer
      mem = new Uint8Array(this.go._inst.exports.mem.buffer); // Go's memory may have grown
      mem.set(bytes, inPtr);
      written = bytes.length;
    }
    if (body !== null) {
      mem.set(body, inPtr + written);
    }
    return written;
  }

  // call calls a wasm export of Go's (worker/cmd/worker), then resumes Go if
  // the export took what it was given.
  call(name, ...args) {
    let taken;
    try {
      taken = this.go._inst.exports[name](...args);
    } catch (err) {
      this.fail(err);
      throw err;
    }
    if (taken === 1) {
      this.go._resume(); // runs Go until it waits (for D1) or has answered
    }
    return taken === 1;
  }

  // send has Go serve a request; its answer is taken by collect.
  send(head, body) {
    const n = this.write(head, body);
    if (!this.call(EXPORT_SERVE, n, body === null ? 0 : body.byteLength, body === null ? 0 : 1)) {
      throw new Error("the Go worker did not take the request");
    }
  }

  // d1done gives Go the answer to D1 statement id: a JSON text, or an
  // error's message (worker/cmd/worker/d1.go). Go has given up on it if it
  // does not take it.
  d1done(id, text, isError) {
    this.call(EXPORT_D1_DONE, id, this.write(text, null), isError);
  }

  // fail drops the instance and fails the request it is serving. It runs in
  // that request's context: exits and traps happen while it is in Go.
  fail(err) {
    if (!this.dead) {
      this.dead = true;
      this.timeouts?.disarm();
      pool.drop(this); // a waiter may start a new instance now
    }
    this.abort?.(err);
  }

  // idle forgets the request that has let go of the instance; its pending
  // timeouts wait, disarmed, for the next one.
  idle() {
    this.timeouts?.disarm();
    this.answer = undefined;
    this.context.env = undefined;
    this.context.ctx = undefined;
  }

  // handle runs one request and reads its answer to the end; ctx is the
  // pool's stand-in for the request's (it collects what Go hands to
  // ctx.waitUntil). The request goes into Go's memory and the answer comes
  // out of it (send, collect; see worker/cmd/worker/serve.go): every value
  // crossing between JavaScript and Go through syscall/js costs.
  async handle(req, env, ctx, aborted) {
    this.context.env = env;
    this.context.ctx = ctx;
    if (this.started) {
      this.timeouts.arm(); // Go's pending timeouts, now in this request's context
    } else {
      await Promise.race([this.start(), aborted]);
    }
    if (this.dead) {
      throw new Error("the Go worker did not start");
    }
    let head = `${req.method} ${req.url}\n`;
    for (const [k, v] of req.headers) {
      head += `${k}: ${v}\n`;
    }
    // The guard (limits.mjs) has read the body, within its limit and
    // deadline, before the pool gave this request an instance.
    const body = req.body === null ? null : new Uint8Array(await req.arrayBuffer());
    const answer = new Promise((resolve, reject) => {
      this.answer = { resolve, reject };
    });
    this.send(head, body);
    const [status, outHead, outBody] = await Promise.race([
      answer,
      aborted, // a dead Go would leave the answer pending forever
    ]);
    const headers = []; // name-value pairs: Response takes them in one call
    for (const line of outHead.split("\n")) {
      const i = line.indexOf(": ");
      if (i > 0) {
        headers.push([line.slice(0, i), line.slice(i + 2)]);
      }
    }
    const empty = status === 204 || status === 304 || req.method === "HEAD";
    return new Response(empty ? null : outBody, { status, headers });
  }

  // start runs the Go program up to workers.Ready, inside the current
  // request: its start-up reads the env (the D1 binding, ADMIN_TOKEN). It
  // returns a promise that settles when Go is ready, made in this request.
  start() {
    this.started = true;
    const go = new Go();
    this.go = go;
    go._resolveExitPromise = () => {}; // made in this request: never settled from another
    let ready = false;
    let markReady;
    const isReady = new Promise((resolve) => {
      markReady = resolve;
    });
    const exit = go.exit;
    go.exit = (code) => {
      exit(code);
      this.fail(new Error(`the Go worker exited (code ${code})`));
    };
    this.timeouts = timers(go, () => this.busySince !== 0);
    // A trap inside a callback throws out of _resume to whoever called into
    // Go; note it so the instance is dropped. After each time in Go, its
    // answer, if it has left one, is taken.
    const resume = go._resume.bind(go);
    go._resume = () => {
      try {
        resume();
      } catch (err) {
        this.fail(go.exited ? new Error("the Go worker has exited") : err);
        throw err;
      }
      this.collect();
    };
    try {
      const wasm = new WebAssembly.Instance(mod, {
        ...go.importObject,
        workers: {
          ready: () => {
            ready = true;
            markReady();
          },
        },
      });
      go.run(wasm, this.context).catch((err) => this.fail(err)); // runs main up to its first wait, now
    } catch (err) {
      this.fail(err);
    }
    return ready ? Promise.resolve() : isReady;
  }
}

const pool = createPool({ create: () => new Instance() });

// Workshop polls that find nothing new are answered before Go (fastpoll.mjs);
// the guard answers what must not hold an instance (a slow or oversize body,
// a client over a rate limit) before either is asked.
const fastPoll = createFastPoll({ next: pool.fetch });

export default { fetch: createGuard()(fastPoll.fetch) };
