// Unit tests of the glue's pool (pool.mjs), under Node's own test runner:
// `node --test worker/glue/` (`make test-glue`). No Go and no workerd: the
// pool drives fake instances, on a fake clock. e2e/pool proves the same
// properties with real Go instances in workerd.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createPool, timers, STUCK_MS } from "./pool.mjs";

// flush lets every pending promise callback and microtask run.
const flush = () => new Promise((resolve) => setImmediate(resolve));

function deferred() {
  let resolve, reject;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

// fakeClock is a clock whose time moves only by advance, firing the timers
// due on the way, in order.
function fakeClock() {
  let now = 1_000_000;
  let seq = 0;
  const timers = new Map(); // id → { at, f, every }
  const add = (f, ms, every) => {
    timers.set(++seq, { at: now + Math.max(0, ms), f, every });
    return seq;
  };
  return {
    now: () => now,
    setTimeout: (f, ms) => add(f, ms, 0),
    clearTimeout: (id) => timers.delete(id),
    setInterval: (f, ms) => add(f, ms, ms),
    clearInterval: (id) => timers.delete(id),
    pending: () => timers.size,
    advance(ms) {
      const end = now + ms;
      for (;;) {
        let next;
        for (const [id, t] of timers) {
          if (t.at <= end && (!next || t.at < next[1].at)) {
            next = [id, t];
          }
        }
        if (!next) {
          break;
        }
        const [id, t] = next;
        now = t.at;
        if (t.every) {
          t.at += t.every;
        } else {
          timers.delete(id);
        }
        t.f();
      }
      now = end;
    },
  };
}

// setup makes a pool of fake instances. Each request's handling is a
// deferred the test settles (calls[i].d), unless onHandle answers instead.
function setup({ instances, onHandle, clock = fakeClock() } = {}) {
  const made = []; // the instances, in the order they were made
  const calls = []; // { inst, name, ctx, d }: what the instances were asked to serve, in order
  const events = []; // "handle r0 on A", "idle A": the order of what happened
  const logged = [];
  class Fake {
    constructor() {
      this.name = String.fromCharCode(65 + made.length); // A, B, …
      this.dead = false;
      this.busySince = 0;
      this.abort = undefined;
      this.serving = undefined;
    }
    handle(req, env, ctx, aborted) {
      const name = new URL(req.url).pathname.slice(1);
      this.serving = name;
      events.push(`handle ${name} on ${this.name}`);
      const d = deferred();
      calls.push({ inst: this, name, ctx, d });
      if (onHandle) {
        onHandle(this, name, ctx, d);
      }
      return Promise.race([d.promise, aborted]);
    }
    fail(err) {
      if (!this.dead) {
        this.dead = true;
        pool.drop(this);
      }
      this.abort?.(err);
    }
    idle() {
      events.push(`idle ${this.name}`);
      this.serving = undefined;
      this.timeouts?.disarm();
    }
  }
  const pool = createPool({
    create: () => {
      const inst = new Fake();
      made.push(inst);
      return inst;
    },
    clock,
    log: (...args) => logged.push(args.join(" ")),
  });
  const env = instances === undefined ? {} : { GO_INSTANCES: String(instances) };
  // request sends GET /name and returns its answer's promise and its ctx.
  const request = (name) => {
    const ctx = {
      tasks: [],
      waitUntil(p) {
        this.tasks.push(p);
      },
      passThroughOnException() {},
    };
    const answer = pool.fetch(new Request(`http://glue.test/${name}`), env, ctx);
    return { answer, ctx };
  };
  const ok = (name) => new Response(`answer to ${name}`);
  return { pool, made, calls, events, logged, request, ok, clock, Fake };
}

test("requests wait in arrival order when every instance is busy, one request per instance", async () => {
  const { pool, made, calls, events, request, ok } = setup({ instances: 2 });
  const reqs = ["r0", "r1", "r2", "r3", "r4", "r5"].map(request);
  await flush();
  assert.deepEqual(
    calls.map((c) => `${c.name} on ${c.inst.name}`),
    ["r0 on A", "r1 on B"],
  );
  assert.equal(pool.waiting, 4);
  // Answers come back out of order; the waiting requests go in arrival order
  // to whichever instance is free.
  const answerCall = async (name) => {
    calls.find((c) => c.name === name).d.resolve(ok(name));
    await flush();
  };
  await answerCall("r1");
  await answerCall("r0");
  await answerCall("r3");
  await answerCall("r2");
  await answerCall("r4");
  await answerCall("r5");
  assert.deepEqual(
    calls.map((c) => `${c.name} on ${c.inst.name}`),
    ["r0 on A", "r1 on B", "r2 on B", "r3 on A", "r4 on A", "r5 on B"],
  );
  assert.equal(made.length, 2, "instances are reused, not made per request");
  for (const [i, r] of reqs.entries()) {
    assert.equal(await (await r.answer).text(), `answer to r${i}`);
  }
  // Each instance is let go (idle) before it is handed to the next request.
  assert.deepEqual(events.slice(0, 6), [
    "handle r0 on A",
    "handle r1 on B",
    "idle B",
    "handle r2 on B",
    "idle A",
    "handle r3 on A",
  ]);
  assert.equal(pool.waiting, 0);
});

test("GO_INSTANCES unset: at most 4 instances", async () => {
  const { made, calls, request, ok } = setup();
  const reqs = Array.from({ length: 7 }, (_, i) => request(`r${i}`));
  await flush();
  assert.equal(made.length, 4);
  for (let i = 0; i < 7; i++) {
    calls[i].d.resolve(ok(calls[i].name));
    await flush();
  }
  assert.equal(made.length, 4);
  await Promise.all(reqs.map((r) => r.answer));
});

test("an instance is handed on only after its request's waitUntil tasks have settled", async () => {
  const task = deferred();
  const { calls, events, request, ok } = setup({
    instances: 1,
    onHandle: (inst, name, ctx, d) => {
      if (name === "r0") {
        ctx.waitUntil(task.promise); // as Go's cloudflare.WaitUntil does
        d.resolve(ok(name));
      }
    },
  });
  const r0 = request("r0");
  const r1 = request("r1");
  await flush();
  assert.equal((await r0.answer).status, 200, "the answer goes before the task has settled");
  assert.ok(r0.ctx.tasks.includes(task.promise), "the task is given to the request's own ctx.waitUntil");
  assert.deepEqual(
    calls.map((c) => c.name),
    ["r0"],
    "r1 waits while r0's task runs in the instance",
  );
  task.resolve();
  await flush();
  assert.deepEqual(
    calls.map((c) => `${c.name} on ${c.inst.name}`),
    ["r0 on A", "r1 on A"],
  );
  assert.deepEqual(events, ["handle r0 on A", "idle A", "handle r1 on A"]);
  calls[1].d.resolve(ok("r1"));
  assert.equal((await r1.answer).status, 200);
});

test("an instance whose Go program exits fails only its own request, and is replaced", async () => {
  const { pool, made, calls, logged, request, ok } = setup({ instances: 2 });
  const r0 = request("r0");
  const r1 = request("r1");
  const r2 = request("r2");
  await flush();
  assert.deepEqual(
    calls.map((c) => `${c.name} on ${c.inst.name}`),
    ["r0 on A", "r1 on B"],
  );
  // Go exits while serving r0 (an unrecovered panic): worker.mjs's go.exit
  // calls fail, in r0's request; r0's answer would never come.
  made[0].fail(new Error("the Go worker exited (code 2)"));
  await flush();
  const a0 = await r0.answer;
  assert.equal(a0.status, 500);
  assert.equal(a0.headers.get("Content-Type"), "application/json; charset=utf-8");
  assert.deepEqual(await a0.json(), { code: "internal", error: "internal error" });
  assert.ok(logged.some((l) => l.includes("exited (code 2)")), logged.join("\n"));
  // The waiting request gets a fresh instance; the other one serves on.
  assert.deepEqual(
    calls.map((c) => `${c.name} on ${c.inst.name}`),
    ["r0 on A", "r1 on B", "r2 on C"],
  );
  assert.equal(pool.size, 2);
  calls[1].d.resolve(ok("r1"));
  calls[2].d.resolve(ok("r2"));
  assert.equal((await r1.answer).status, 200);
  assert.equal((await r2.answer).status, 200);
  // Dead, A is never used again.
  const r3 = request("r3");
  await flush();
  assert.notEqual(calls[3].inst.name, "A");
  calls[3].d.resolve(ok("r3"));
  await r3.answer;
});

test("a request whose handling throws (a trap) is answered 500 and its instance dropped", async () => {
  const { pool, made, calls, request, ok } = setup({ instances: 1 });
  const r0 = request("r0");
  const r1 = request("r1");
  await flush();
  calls[0].d.reject(new RangeError("unreachable executed"));
  await flush();
  assert.equal((await r0.answer).status, 500);
  assert.equal(made[0].dead, true);
  assert.deepEqual(
    calls.map((c) => `${c.name} on ${c.inst.name}`),
    ["r0 on A", "r1 on B"],
  );
  assert.equal(pool.size, 1);
  calls[1].d.resolve(ok("r1"));
  assert.equal((await r1.answer).status, 200);
});

test("a stuck instance is given up on after STUCK_MS; the waiting request gets a new one", async () => {
  const { pool, made, calls, logged, request, ok, clock } = setup({ instances: 1 });
  const r0 = request("r0"); // never answered by Go
  const r1 = request("r1");
  await flush();
  assert.equal(pool.waiting, 1);
  clock.advance(STUCK_MS / 2); // the watchdog looks, but A is not stuck yet
  await flush();
  assert.equal(made.length, 1);
  assert.equal(pool.waiting, 1);
  clock.advance(STUCK_MS / 2 + STUCK_MS / 4);
  await flush();
  assert.equal(made.length, 2, "a new instance for the waiting request");
  assert.deepEqual(
    calls.map((c) => `${c.name} on ${c.inst.name}`),
    ["r0 on A", "r1 on B"],
  );
  assert.ok(logged.some((l) => l.includes("giving up")), logged.join("\n"));
  assert.equal(clock.pending(), 0, "the watchdog is stopped once the request has an instance");
  calls[1].d.resolve(ok("r1"));
  assert.equal((await r1.answer).status, 200);
  // A is left to its request: should it end after all, it is not reused.
  calls[0].d.resolve(ok("r0"));
  assert.equal((await r0.answer).status, 200);
  const r2 = request("r2");
  await flush();
  assert.equal(calls[2].inst.name, "B");
  assert.equal(pool.size, 1);
  calls[2].d.resolve(ok("r2"));
  await r2.answer;
});

// fakeGo is the part of wasm_exec's Go that timers uses. Like the Go
// runtime, it has at most one timeout pending, and clears it when the
// timeout has woken it (_resume).
function fakeGo() {
  const buf = new ArrayBuffer(32);
  const go = {
    importObject: { gojs: {} },
    _nextCallbackTimeoutID: 1,
    get mem() {
      return new DataView(buf);
    },
    resumes: [], // what was running when the timeout fired
    running: undefined,
    pending: undefined,
    _resume() {
      go.resumes.push(go.running);
      if (go.pending !== undefined) {
        go.clear(go.pending);
      }
    },
    // schedule is Go's runtime.scheduleTimeoutEvent(ms) (sp at 0).
    schedule(ms) {
      go.mem.setUint32(8, ms, true);
      go.mem.setInt32(12, 0, true);
      go.importObject.gojs["runtime.scheduleTimeoutEvent"](0);
      go.pending = go.mem.getInt32(16, true);
      return go.pending;
    },
    clear(id) {
      go.mem.setInt32(8, id, true);
      go.importObject.gojs["runtime.clearTimeoutEvent"](0);
      if (go.pending === id) {
        go.pending = undefined;
      }
    },
  };
  return go;
}

test("timers: a timeout Go asks for while its instance is held fires after its delay", () => {
  const clock = fakeClock();
  const go = fakeGo();
  timers(go, () => true, clock);
  go.schedule(100);
  clock.advance(99);
  assert.equal(go.resumes.length, 0);
  clock.advance(1);
  assert.equal(go.resumes.length, 1);
  assert.equal(clock.pending(), 0);
});

test("timers: disarmed, a timeout waits for the next arm, with what is left of its delay", () => {
  const clock = fakeClock();
  const go = fakeGo();
  let held = true;
  const t = timers(go, () => held, clock);
  go.schedule(100);
  clock.advance(30);
  held = false;
  t.disarm(); // the request lets go
  assert.equal(clock.pending(), 0, "nothing armed between requests");
  clock.advance(20);
  held = true;
  t.arm(); // the next request, at 50 ms
  clock.advance(49);
  assert.equal(go.resumes.length, 0);
  clock.advance(1);
  assert.equal(go.resumes.length, 1, "fires at 100 ms, not at 150");
  // Overdue while disarmed: fires at once when armed, not before.
  go.schedule(10);
  held = false;
  t.disarm();
  clock.advance(1000);
  assert.equal(go.resumes.length, 1);
  held = true;
  t.arm();
  clock.advance(0);
  assert.equal(go.resumes.length, 2);
});

test("timers: a timeout asked for while not held is armed only by arm; a cleared one never", () => {
  const clock = fakeClock();
  const go = fakeGo();
  let held = false;
  const t = timers(go, () => held, clock);
  const id = go.schedule(5);
  assert.equal(clock.pending(), 0);
  clock.advance(100);
  assert.equal(go.resumes.length, 0);
  go.clear(id);
  held = true;
  t.arm();
  assert.equal(clock.pending(), 0);
  go.schedule(5);
  t.disarm();
  t.arm();
  assert.equal(clock.pending(), 1, "armed once, not twice");
  clock.advance(5);
  assert.equal(go.resumes.length, 1);
});

test("Go's timeouts fire only inside the request that holds the instance", async () => {
  // Instances with real timers on a fake Go: r0 leaves a timeout pending
  // (a goroutine's time.Sleep) when it answers. It must not fire between
  // requests, nor in another request's context; it fires in r1's, the next
  // to hold the instance.
  const clock = fakeClock();
  let go;
  const { calls, request, ok, events } = setup({
    instances: 1,
    clock,
    onHandle: (inst, name, ctx, d) => {
      if (!inst.timeouts) {
        go = fakeGo();
        inst.timeouts = timers(go, () => inst.busySince !== 0, clock);
      } else {
        inst.timeouts.arm(); // as Instance.handle does
      }
      go.running = name;
      if (name === "r0") {
        go.schedule(1000);
        d.resolve(ok(name));
      }
    },
  });
  await (await request("r0").answer).text();
  await flush();
  assert.deepEqual(events, ["handle r0 on A", "idle A"]);
  go.running = undefined;
  clock.advance(5000);
  assert.deepEqual(go.resumes, [], "no timeout fired while no request held the instance");
  const r1 = request("r1");
  await flush();
  clock.advance(0);
  assert.deepEqual(go.resumes, ["r1"], "the overdue timeout fired in r1");
  calls[1].d.resolve(ok("r1"));
  await r1.answer;
});
