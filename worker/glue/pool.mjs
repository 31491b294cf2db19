// The pool of the glue (worker.mjs): which Go instance serves which request,
// and when; and Go's timeouts, armed only while a request holds their
// instance. It needs neither Go nor workerd — what it drives comes in as
// parameters (the instances' factory, the clock and timers) — so that
// pool.test.mjs runs it under `node --test` with fake instances and a fake
// clock (`make test-glue`). Why the pool is safe: worker.mjs, and
// worker/README.md, "The glue".
//
// An instance, as the pool sees it (worker.mjs's Instance, or a test's fake):
//
//   handle(req, env, ctx, aborted) → Promise<Response>
//       serves one request; ctx is the pool's stand-in for the request's
//       (its waitUntil tasks are waited for before the instance is handed
//       on); aborted is a promise that rejects when the request fails from
//       outside (the instance died): handle races it against what it awaits
//   fail(err)
//       marks the instance dead, drops it from the pool (pool.drop) and
//       fails the request it is serving (its abort)
//   idle()
//       the request has let go: Go's timeouts disarmed, the request's env
//       and ctx forgotten
//   dead
//       true once it has failed
//
// The pool sets busySince (when a request took it; 0 while idle) and abort
// (rejects the request's aborted promise).

export const DEFAULT_INSTANCES = 4;
// An instance busy for longer is given up on: left to its request, not reused.
export const STUCK_MS = 60_000;

// realClock is the host's clock and timers (called on the global object, as
// workerd requires).
export const realClock = {
  now: () => Date.now(),
  setTimeout: (f, ms) => setTimeout(f, ms),
  clearTimeout: (t) => clearTimeout(t),
  setInterval: (f, ms) => setInterval(f, ms),
  clearInterval: (t) => clearInterval(t),
};

// createPool returns a pool of at most GO_INSTANCES (a worker variable;
// default DEFAULT_INSTANCES) instances made by create(), each given to one
// request at a time; requests wait for one in arrival order.
export function createPool({ create, clock = realClock, stuckMs = STUCK_MS, log = console.error }) {
  const live = new Set(); // live instances, busy or idle
  const waiters = []; // requests waiting for an instance: functions that hand it over
  let maxInstances = DEFAULT_INSTANCES;

  // take returns an idle instance, or a new one while the pool has room,
  // held for the caller; undefined when every instance is busy.
  function take() {
    let inst;
    for (const i of live) {
      if (!i.busySince) {
        inst = i;
        break;
      }
    }
    if (!inst) {
      const now = clock.now();
      for (const i of live) {
        if (now - i.busySince > stuckMs) {
          log("glue: giving up on a Go instance busy for more than", stuckMs, "ms");
          live.delete(i);
        }
      }
      if (live.size < maxInstances) {
        inst = create();
        live.add(inst);
      }
    }
    if (inst) {
      inst.busySince = clock.now();
    }
    return inst;
  }

  // handOn gives free instances to the waiting requests, first come first served.
  function handOn() {
    while (waiters.length > 0) {
      const inst = take();
      if (!inst) {
        return;
      }
      waiters.shift()(inst);
    }
  }

  // acquire returns an instance held for this request, waiting if need be.
  function acquire() {
    if (waiters.length === 0) {
      const inst = take();
      if (inst) {
        return Promise.resolve(inst);
      }
    }
    return new Promise((resolve) => {
      // A watchdog in this request's context, in case every holder is stuck.
      const watchdog = clock.setInterval(handOn, stuckMs / 4);
      waiters.push((inst) => {
        clock.clearInterval(watchdog);
        resolve(inst);
      });
    });
  }

  function release(inst) {
    inst.abort = undefined;
    inst.busySince = 0;
    inst.idle();
    handOn();
  }

  // drop takes a dead instance out of the pool (Instance.fail calls it, in
  // the request that was in Go); a waiter may start a new instance now.
  function drop(inst) {
    live.delete(inst);
    queueMicrotask(handOn);
  }

  function failure(err) {
    log("glue:", err && err.stack ? err.stack : String(err));
    return new Response('{"code":"internal","error":"internal error"}\n', {
      status: 500,
      headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
    });
  }

  // serve is a request's whole stay: acquire, handle, wait for Go's waitUntil
  // tasks, release. It runs under ctx.waitUntil, so the instance is released
  // even when the client goes away mid-request.
  async function serve(req, env, ctx, answer) {
    maxInstances = Number(env && env.GO_INSTANCES) > 0 ? Number(env.GO_INSTANCES) : DEFAULT_INSTANCES;
    const tasks = []; // what Go hands to ctx.waitUntil
    const reqCtx = {
      waitUntil(p) {
        tasks.push(p);
        ctx.waitUntil(p);
      },
      passThroughOnException() {
        ctx.passThroughOnException();
      },
      get props() {
        return ctx.props;
      },
    };
    let abort;
    const aborted = new Promise((_, reject) => {
      abort = reject;
    });
    aborted.catch(() => {}); // only ever raced against
    let inst;
    try {
      inst = await acquire();
      inst.abort = abort;
      answer(await inst.handle(req, env, reqCtx, aborted));
    } catch (err) {
      answer(failure(err));
      inst?.fail(err); // after an error the instance cannot be trusted
    }
    if (!inst) {
      return;
    }
    try {
      while (tasks.length > 0 && !inst.dead) {
        await Promise.race([Promise.allSettled(tasks.splice(0)), aborted.catch(() => {})]);
      }
    } finally {
      release(inst);
    }
  }

  // fetch is the worker's fetch handler.
  function fetch(req, env, ctx) {
    return new Promise((answer) => {
      ctx.waitUntil(serve(req, env, ctx, answer));
    });
  }

  return {
    fetch,
    drop,
    get size() {
      return live.size;
    },
    get waiting() {
      return waiters.length;
    },
  };
}

// timers keeps Go's timeouts for one Go instance (go, wasm_exec's Go), and
// returns { arm, disarm }. The Go runtime asks JavaScript for one timeout at
// a time (runtime.scheduleTimeoutEvent: its earliest timer, a time.Sleep or
// the runtime's own). A timeout still pending when a request ends would fire
// in that request's context while the instance serves the next one, and run
// the next one's goroutines there. So timeouts are armed only while a request
// holds the instance (held()), in that request's context: disarmed when it
// lets go, armed again, with what is left of their delay, on the next
// dispatch.
export function timers(go, held, clock = realClock) {
  const pending = new Map(); // id → { due, timer }
  const gojs = go.importObject.gojs;
  const getInt64 = (addr) => go.mem.getUint32(addr, true) + go.mem.getInt32(addr + 4, true) * 4294967296;
  const arm = (id, t) => {
    t.timer = clock.setTimeout(
      () => {
        t.timer = undefined;
        go._resume();
        while (pending.has(id)) {
          // as wasm_exec.js does: Go failed to take the event (golang/go#28975)
          console.warn("scheduleTimeoutEvent: missed timeout event");
          go._resume();
        }
      },
      Math.max(0, t.due - clock.now()),
    );
  };
  gojs["runtime.scheduleTimeoutEvent"] = (sp) => {
    sp >>>= 0;
    const id = go._nextCallbackTimeoutID++;
    const t = { due: clock.now() + getInt64(sp + 8), timer: undefined };
    pending.set(id, t);
    if (held()) {
      arm(id, t);
    }
    go.mem.setInt32(sp + 16, id, true);
  };
  gojs["runtime.clearTimeoutEvent"] = (sp) => {
    const id = go.mem.getInt32((sp >>> 0) + 8, true);
    const t = pending.get(id);
    if (t) {
      clock.clearTimeout(t.timer);
      pending.delete(id);
    }
  };
  return {
    disarm() {
      for (const t of pending.values()) {
        clock.clearTimeout(t.timer);
        t.timer = undefined;
      }
    },
    arm() {
      for (const [id, t] of pending) {
        if (t.timer === undefined) {
          arm(id, t);
        }
      }
    },
  };
}
