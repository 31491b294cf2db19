// serve.mjs runs the worker of a wrangler configuration in workerd through
// Miniflare, the way `wrangler dev --local` does, but without wrangler dev's
// two extra layers, for tests and measurements (package workerd):
//
//   - no ProxyWorker: wrangler dev puts a second worker in front of the
//     worker, which forwards every request over a keep-alive connection
//     inside workerd. A GET whose forwarding fails is queued for a retry that
//     only a reload or a later request starts, so it can wait forever; a
//     POST gets 503 "Your worker restarted mid-request"
//     (cloudflare/workers-sdk#14641, #15317). Deployed, there is no such
//     layer either.
//   - no file watching: wrangler dev reloads the worker when build/ changes,
//     which a test run must never see halfway.
//
// The configuration is read by wrangler's own translation
// (unstable_getMiniflareWorkerOptions: bindings, D1, static assets and which
// paths run the worker first, rate limits), so what runs is what
// wrangler.toml says. The state directory has wrangler's layout
// (--persist-to: D1 under v3/d1), so `wrangler d1 … --local --persist-to`
// prepares and reads the same database.
//
//	node e2e/workerd/serve.mjs --config wrangler.toml --port 8787 \
//	  --persist-to DIR [--inspector-port N] [--var NAME:VALUE]... [--log info]
//
// It prints "ready on <url>" when the worker answers, and stops on SIGINT or
// SIGTERM.
import path from "node:path";
import { parseArgs } from "node:util";
import { Log, LogLevel, Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";

const { values } = parseArgs({
  options: {
    config: { type: "string", default: "wrangler.toml" },
    port: { type: "string" },
    "persist-to": { type: "string" },
    "inspector-port": { type: "string" },
    var: { type: "string", multiple: true, default: [] },
    log: { type: "string", default: "warn" },
  },
});
if (!values.port || !values["persist-to"]) {
  console.error("serve.mjs: --port and --persist-to are required");
  process.exit(2);
}

const config = path.resolve(values.config);
const { workerOptions, main } = unstable_getMiniflareWorkerOptions(config);
const vars = {};
for (const v of values.var) {
  const i = v.indexOf(":");
  if (i <= 0) {
    console.error(`serve.mjs: --var ${v}: want NAME:VALUE`);
    process.exit(2);
  }
  vars[v.slice(0, i)] = v.slice(i + 1);
}
const levels = { debug: LogLevel.DEBUG, info: LogLevel.INFO, warn: LogLevel.WARN, error: LogLevel.ERROR };

const mf = new Miniflare({
  ...workerOptions,
  name: "lagesbild",
  rootPath: path.dirname(config),
  // The modules as they lie (build/worker: the glue, wasm_exec.js and
  // app.wasm), not bundled: the imports are relative, .wasm is compiled
  // when the module loads, and the configuration's own rules (text files)
  // come first. Module names are relative to the repository (the working
  // directory), which a bench worker imports from (worker/sql).
  modules: true,
  modulesRoot: process.cwd(),
  scriptPath: main,
  modulesRules: [
    ...(workerOptions.modulesRules ?? []),
    { type: "CompiledWasm", include: ["**/*.wasm"] },
    { type: "ESModule", include: ["**/*.mjs", "**/*.js"] },
  ],
  // --var wins over .dev.vars (which wrangler's translation reads), as with
  // wrangler dev, so a developer's token never leaks into a test.
  bindings: { ...(workerOptions.bindings ?? {}), ...vars },
  d1Persist: path.join(values["persist-to"], "v3", "d1"),
  cf: false, // offline: no fetch of the request.cf object
  host: "127.0.0.1",
  port: Number(values.port),
  inspectorPort: values["inspector-port"] ? Number(values["inspector-port"]) : undefined,
  log: new Log(levels[values.log] ?? LogLevel.WARN),
});

const url = await mf.ready;
console.log(`ready on ${url.href}`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await mf.dispose();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
