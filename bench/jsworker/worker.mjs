// Bench only, never deployed: a plain-JavaScript worker that answers
//
//   GET /api/health                              (liveness: no D1)
//   GET /api/health/db                           (worker/sql/ping.sql)
//   GET /api/rounds/{round}/counties/{länskod}   (worker/sql/round.sql, worker/sql/aggregate.sql)
//
// (and ?sql=groupby: the aggregate as it was before the running aggregates)
// for rounds open to all, with the same SQL files as the Go worker and the
// same work after them: the municipality means are parsed from the one
// delimited string, county and national means are computed and suppressed
// (primary and secondary, as lagesbild.Compare), and the same JSON is sent
// with the same headers. It is the floor `make bench` holds the Go worker
// against: what the platform (workerd, D1) costs with no Go at all.
//
// Publications (issue 11, item 4; worker/README.md, "Publications"): a
// reader of a private round sees the round's latest publication, not live
// figures, but in a round open to all the figures stay live (anyone may
// answer for anyone there, and every row is shown), so this worker, which
// serves rounds open to all only, runs the same SQL and gives the same JSON
// without reading publications (round.sql's previous_version and
// previous_closes it does not need). The measures of a figure or a row are
// written in key order, as Go's encoding/json writes a map.
import pingSQL from "../../worker/sql/ping.sql";
import roundSQL from "../../worker/sql/round.sql";
import aggregateSQL from "../../worker/sql/aggregate.sql";
import groupBySQL from "./aggregate_groupby.sql";
import municipalitiesCSV from "../../data/kommuner.csv";
import countiesCSV from "../../data/lan.csv";
import kommunV1 from "../../questionnaires/compiled/kommun.v1.json"; // text (wrangler.toml's rules)
import lansstyrelseV1 from "../../questionnaires/compiled/lansstyrelse.v1.json";
import workshopV1 from "../../questionnaires/compiled/workshop.v1.json";

const RULES = { minMunicipalities: 3, minRespondents: 3 };
const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self'; frame-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'; object-src 'none'";

function parseCSV(text) {
  const rows = [];
  let row = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else {
      field += c;
    }
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.slice(1);
}

// The registry, parsed once per isolate (as Go does once per instance).
const counties = parseCSV(countiesCSV).map((r) => ({ code: r[0], name: r[1], municipalities: Number(r[3]) }));
const municipalities = parseCSV(municipalitiesCSV).map((r) => ({ code: r[0], name: r[1], county: r[2] }));
const municipalityByCode = new Map(municipalities.map((m) => [m.code, m]));
const countyByCode = new Map(counties.map((c) => [c.code, c]));
const questionnaires = [kommunV1, lansstyrelseV1, workshopV1].map((text) => JSON.parse(text));

function questionnaire(id, version) {
  let found;
  for (const q of questionnaires) {
    if (q.id === id && (version === 0 || q.version === version) && (!found || q.version > found.version)) found = q;
  }
  return found;
}

function measureInfos(q) {
  return [
    ...q.sections.map((s) => ({ id: s.id, title: s.title, scale: "score" })),
    { id: "total", title: { sv: "Totalt", en: "Total" }, scale: "score" },
    { id: "dontKnow", title: { sv: "Andel ”Vet ej”", en: "Share of “Don't know”" }, scale: "share" },
  ];
}

// Go's encoding/json writes a map's keys sorted: so do the figures' and rows' measures here.
const sorted = (ids) => [...ids].sort();

// meanOfUnits is lagesbild.MeanOfUnits: the mean of n values whose sum in thousandths is units (an exact
// whole number), rounded half away from zero in whole numbers (scores to tenths, the "Vet ej" share to
// thousandths), and only then divided, as Go does. Whole numbers below 2^53 are exact in a double.
function meanOfUnits(id, units, n) {
  const [step, scale] = id === "dontKnow" ? [1, 1000] : [100, 10];
  const d = step * n;
  const a = Math.abs(units);
  const q = (2 * a + d - ((2 * a + d) % (2 * d))) / (2 * d);
  return (units < 0 ? -q : q) / scale;
}

// parseAggregate reads the text of aggregate.sql, in the compact format of worker/internal/compact
// (records at RS \x1e, fields at US \x1f, a measure and its sum at GS \x1d, the sum as "units/scored"; the
// fields round, municipality, respondents, flags (1 partial + 2 workshop), then the official response's
// measures): by round, municipality results.
function parseAggregate(text) {
  const out = new Map();
  if (!text) return out;
  for (const rec of text.split("\x1e")) {
    const f = rec.split("\x1f");
    const flags = Number(f[3]);
    const res = { municipality: f[1], respondents: Number(f[2]), partial: (flags & 1) !== 0, workshop: (flags & 2) !== 0, measures: {} };
    for (let i = 4; i < f.length; i++) {
      const [id, val] = f[i].split("\x1d");
      if (val === "") {
        res.measures[id] = null;
      } else {
        const slash = val.indexOf("/");
        res.measures[id] = meanOfUnits(id, Number(val.slice(0, slash)), Number(val.slice(slash + 1)));
      }
    }
    if (!out.has(f[0])) out.set(f[0], []);
    out.get(f[0]).push(res);
  }
  for (const rs of out.values()) rs.sort((a, b) => (a.municipality < b.municipality ? -1 : 1));
  return out;
}

function group(code, name, size, rs, measures) {
  const g = { code, name, municipalities: size, responded: rs.length, measures: {} };
  for (const id of sorted(measures)) {
    // In whole thousandths, as lagesbild.Compare adds: exact in any order.
    let units = 0;
    let n = 0;
    for (const r of rs) {
      const v = r.measures[id];
      if (v !== null && v !== undefined) {
        units += Math.round(v * 1000);
        n++;
      }
    }
    g.measures[id] = { value: n > 0 ? meanOfUnits(id, units, n) : null, n, suppressed: false };
  }
  return g;
}

function suppress(groups, national, id, k) {
  const hide = (g) => {
    g.measures[id].value = null;
    g.measures[id].suppressed = true;
  };
  if (national.measures[id].n < k) hide(national);
  let hidden = 0;
  let units = 0;
  for (const g of groups) {
    const n = g.measures[id].n;
    if (n > 0 && n < k) {
      hide(g);
      hidden++;
      units += n;
    }
  }
  if (national.measures[id].suppressed) return;
  while (hidden > 0 && (hidden < 2 || units < k)) {
    const cand = groups.filter((g) => g.measures[id].n > 0 && !g.measures[id].suppressed);
    if (cand.length === 0) {
      hide(national);
      return;
    }
    cand.sort((a, b) => a.measures[id].n - b.measures[id].n); // stable, in county order
    units += cand[0].measures[id].n;
    hidden++;
    hide(cand[0]);
  }
}

function compare(measures, results) {
  const byCounty = new Map();
  const all = [];
  for (const r of results) {
    const m = municipalityByCode.get(r.municipality);
    if (!m || r.respondents === 0) continue;
    if (!byCounty.has(m.county)) byCounty.set(m.county, []);
    byCounty.get(m.county).push(r);
    all.push(r);
  }
  const groups = counties.map((c) => group(c.code, c.name, c.municipalities, byCounty.get(c.code) || [], measures));
  const national = group("SE", "Sverige", municipalities.length, all, measures);
  for (const id of measures) suppress(groups, national, id, RULES.minMunicipalities);
  return { counties: groups, national };
}

function rows(results, county, measures) {
  const byCode = new Map(results.map((r) => [r.municipality, r]));
  return municipalities
    .filter((m) => m.county === county)
    .map((m) => {
      const r = byCode.get(m.code);
      const row = { code: m.code, name: m.name, county: m.county, respondents: r ? r.respondents : 0, measures: {} };
      for (const id of sorted(measures)) row.measures[id] = r && r.measures[id] !== undefined ? r.measures[id] : null;
      return row;
    });
}

function json(status, value) {
  return new Response(JSON.stringify(value) + "\n", {
    status,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Security-Policy": CSP,
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "no-referrer",
      "X-Frame-Options": "SAMEORIGIN",
      "Cross-Origin-Opener-Policy": "same-origin",
      "Cross-Origin-Resource-Policy": "same-origin",
      "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
      "Strict-Transport-Security": "max-age=31536000",
      "Cache-Control": "no-store",
    },
  });
}

const error = (status, code, message) => json(status, { code, error: message });

async function county(env, roundID, code, sql) {
  if (!countyByCode.has(code)) return error(404, "not_found", `county: "${code}" is not a länskod`);
  const rd = await env.DB.prepare(roundSQL).bind("", roundID).first();
  if (!rd) return error(404, "round_not_found", `round: no round "${roundID}"`);
  if (rd.open_to_all !== 1) return error(401, "unauthorized", "this bench worker serves rounds open to all only");
  const q = questionnaire(rd.questionnaire, rd.version);
  const ids = [...q.sections.map((s) => s.id), "total", "dontKnow"];
  const previous = rd.previous && rd.previous_open_to_all === 1 ? rd.previous : "";
  const text = await env.DB.prepare(sql).bind(rd.id, previous).raw();
  const results = parseAggregate(text[0][0]);
  const now = new Date().toISOString().slice(0, 19) + "Z";
  const cur = results.get(rd.id) || [];
  const cmp = compare(ids, cur);
  const view = {
    round: {
      id: rd.id,
      questionnaire: rd.questionnaire,
      version: q.version,
      opens: rd.opens,
      closes: rd.closes,
      open: rd.opens <= now && now < rd.closes,
      openToAll: true,
      ...(rd.previous ? { previous: rd.previous } : {}),
    },
    measures: measureInfos(q),
    rules: RULES,
    county: cmp.counties.find((g) => g.code === code),
    national: cmp.national,
    municipalities: rows(cur, code, ids),
  };
  // The previous round's figures and rows follow its own access (worker/auth.go, access.previous): this
  // worker serves callers with no code, who see nothing of a previous round that is not open to all.
  if (rd.previous && rd.previous_open_to_all === 1) {
    const prev = results.get(rd.previous) || [];
    const p = compare(ids, prev);
    view.previous = {
      round: rd.previous,
      county: p.counties.find((g) => g.code === code),
      national: p.national,
      municipalities: rows(prev, code, ids),
    };
  }
  return json(200, view);
}

// fetch logs a line for a failed (5xx) or slow request, as the Go worker
// does (worker/http.go); Cloudflare records every request anyway.
async function fetch(req, env) {
  const start = Date.now();
  let res;
  try {
    res = await route(req, env);
  } catch (err) {
    console.log(`error: ${req.method} ${new URL(req.url).pathname}: ${err}`);
    res = error(500, "internal", "internal error");
  }
  const took = Date.now() - start;
  if (res.status >= 500 || took > 1000) {
    console.log(`${req.method} ${new URL(req.url).pathname} ${res.status} ${took}ms`);
  }
  return res;
}

async function route(req, env) {
  const url = new URL(req.url);
  if (req.method !== "GET") return error(405, "method_not_allowed", `${req.method} is not allowed on ${url.pathname}`);
  if (url.pathname === "/api/health") {
    return json(200, { ok: true, service: "lagesbild" });
  }
  if (url.pathname === "/api/health/db") {
    await env.DB.prepare(pingSQL).raw();
    return json(200, { ok: true, service: "lagesbild", db: "ok" });
  }
  const m = /^\/api\/rounds\/([^/]+)\/counties\/([^/]+)$/.exec(url.pathname);
  if (m) {
    // ?sql=groupby: the aggregate before the running aggregates, for comparison
    const sql = url.searchParams.get("sql") === "groupby" ? groupBySQL : aggregateSQL;
    return county(env, decodeURIComponent(m[1]), decodeURIComponent(m[2]), sql);
  }
  return error(404, "not_found", `no route ${req.method} ${url.pathname}`);
}

export default { fetch };
