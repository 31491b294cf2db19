// Lägesbild's glue between workerd and the Go worker. It replaces the
// worker.mjs of workers-assets-gen (`make worker` copies it over), which
// starts a new Go instance for every request: about 20 ms of CPU before the
// handler runs, plus decoding the registry and the questionnaires again each
// time. This glue keeps one Go instance per isolate instead.
//
// Requests take turns: one at a time runs Go code, and its response body is
// read to the end before the next begins. Go's scheduler may run any ready
// goroutine whenever JavaScript calls into Go, so two requests in Go at once
// could make one request's D1 call from inside the other's I/O context, which
// workerd forbids. The API's answers are small, so buffering them costs little.
//
// Nothing is kept between requests but the instance and what Go caches from
// embedded data; the worker stays correct with a fresh instance per request,
// and if Go ever exits (a fatal error), the next request starts a new one.
import "./wasm_exec.js";
import { connect } from "cloudflare:sockets";
import mod from "./app.wasm";

// The runtime context Go reads through syumai/workers: one object for the
// instance's life, its env and ctx set to the current request's.
const context = { env: undefined, ctx: undefined, connect, binding: {} };

let instance; // { ready, gone } of the running Go instance, or undefined
let turn = Promise.resolve(); // settles when the request before the newest one is done

// start starts a Go instance. ready resolves once Go has called
// workers.Ready; gone rejects when the instance ends (Go exited or trapped).
function start() {
  const go = new Go();
  let markReady;
  const isReady = new Promise((resolve) => {
    markReady = resolve;
  });
  const wasm = new WebAssembly.Instance(mod, {
    ...go.importObject,
    workers: { ready: () => markReady() },
  });
  const gone = go.run(wasm, context).then(() => {
    throw new Error("the Go worker exited");
  });
  const current = { ready: Promise.race([isReady, gone]), gone };
  gone.catch(() => drop(current));
  return current;
}

// drop forgets an instance, so the next request starts a fresh one.
function drop(current) {
  if (instance === current) {
    instance = undefined;
    context.binding = {};
  }
}

async function handle(req, env, ctx) {
  context.env = env;
  context.ctx = ctx;
  if (instance === undefined) {
    instance = start();
  }
  const current = instance;
  try {
    await current.ready;
    // Race against the instance's end: a dead Go would leave these pending forever.
    const res = await Promise.race([context.binding.handleRequest(req), current.gone]);
    const body = res.status === 204 || res.status === 304 ? null : await Promise.race([res.arrayBuffer(), current.gone]);
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  } catch (err) {
    drop(current); // after a trap the instance cannot be trusted
    throw err;
  }
}

async function fetch(req, env, ctx) {
  const before = turn;
  let done;
  turn = new Promise((resolve) => {
    done = resolve;
  });
  try {
    await before;
    return await handle(req, env, ctx);
  } finally {
    done();
  }
}

export default { fetch };
