// The participants' page of a workshop (/join/?code=…, issue 17): a phone
// joins with the code (typed, or in the QR code's link), answers the section
// the facilitator has moved the room to with native radio buttons, and
// follows the room (section, locks, end) by a long-poll with an ETag while
// the page is shown: the worker holds the poll until the room changes or
// POLL_WAIT_S pass (pollWait says when the next one goes). The default questionnaire's sections are
// in the page (assets/build pre-renders each in a <template>, as
// wasm/workshop.ParticipantSection writes it), so the first question is
// answerable one request after the page; another questionnaire, or English,
// is drawn here from its JSON with the same markup. The device's random id
// and its answers are kept in localStorage, so a reload keeps the answers
// and a device counts once; answers not yet acknowledged are sent again.
// No framework and no Go: every phone in the room downloads this. The
// logic is exported and tested under node (join.test.mjs); the page's part
// runs only in a browser.

const OUTCOMES = {
  session_not_found: 'noSession', session_expired: 'expired', session_ended: 'ended', item_locked: 'locked',
  not_joined: 'notJoined', room_full: 'full', unauthorized: 'wrongLink', forbidden: 'wrongLink',
  invalid: 'invalid', rate_limited: 'busy', too_many: 'busy', internal: 'retry',
};

function parse(body) {
  try {
    const v = JSON.parse(body);
    return v && typeof v === 'object' && !Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}

// classify reads an answer of the worker (status 0: the network failed) by
// the API's error code, never its message; an answer that is not the API's
// (a proxy's page) by its status.
export function classify(status, body) {
  if (status >= 200 && status < 300) return { outcome: 'ok' };
  if (status === 304) return { outcome: 'notModified' };
  const v = parse(body);
  const code = v && typeof v.code === 'string' ? v.code : '';
  let outcome = OUTCOMES[code] || 'refused';
  if (code === '' && (status === 0 || status >= 500 || status === 408)) outcome = 'retry';
  if (code === '' && status === 429) outcome = 'busy';
  return { outcome, code, status };
}

// A notice is what the status line says: a text's key in the page's texts,
// its arguments, and its kind ('', 'sent' or 'problem').
const say = (kind, key, ...args) => ({ kind, key, args });
const problem = (key, ...args) => say('problem', key, ...args);
// The steps a page takes after a reply: wait and try again, halt (the code
// form again), end, proceed, undo (the worker's answer again).
const step = (name, notice) => ({ step: name, notice });
const retrying = () => step('wait', problem('WRetrying'));
const busy = () => step('wait', problem('WBusy'));

// errNotice is the general text for an error reply.
function errNotice(r) {
  if (r.code === '' && r.status === 0) return problem('ErrNetwork');
  if (r.code === '') return problem('ErrHTTP', r.status);
  return problem('code:' + r.code);
}

// formatCode shows a join code as it is read aloud: "ACD EFG".
export const formatCode = (c) => (c.length === 6 ? c.slice(0, 3) + ' ' + c.slice(3) : c);

const ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679';

// normalizeCode reads a code as a person types it (lagesbild.NormalizeJoinCode).
export function normalizeCode(s) {
  const c = s.toUpperCase().replace(/[ -]/g, '');
  return c.length === 6 && [...c].every((ch) => ALPHABET.includes(ch)) ? c : '';
}

// resendDelay is the wait before retry n (from 0): 1, 2, 4 … up to 15 s,
// the upper half spread at random (wasm/retry).
export function resendDelay(n, r) {
  const d = Math.min(1000 * 2 ** n, 15000);
  return d / 2 + r * (d / 2);
}

// The long-poll: each poll of the room's state asks the worker to hold it
// (Prefer: wait=POLL_WAIT_S) until the state differs from the ETag sent,
// and the worker says it did with Preference-Applied
// (worker/glue/fastpoll.mjs). Polls start at least POLL_GAP_MS apart unless
// held that long, so a worker that does not hold is polled once a second.
export const POLL_WAIT_S = 20;
export const POLL_GAP_MS = 1000;

// pollWait is how long the page waits before its next poll of the room's
// state, given the last one's outcome (classify), whether the worker held it,
// how long it took (ms) and how many polls in a row have failed: at once
// after a held answer, POLL_GAP_MS from its start when it came back sooner;
// a second after an answer that was not held; the resend's backoff (1, 2, 4
// … 15 s, r spreading it) after failures in a row.
export function pollWait({ outcome, held, elapsed, failures }, r) {
  if (outcome === 'retry' || outcome === 'busy') return Math.max(POLL_GAP_MS, resendDelay(Math.max(failures - 1, 0), r));
  if (held) return Math.max(0, POLL_GAP_MS - elapsed);
  return POLL_GAP_MS;
}

// held reports whether the worker held a poll: it answered 200 or 304
// saying Preference-Applied: wait=….
export const held = (status, applied) => (status === 200 || status === 304) && /(^|[,;\s])wait=\d/.test(applied || '');

// Participant is a phone's state in a session: the room's state as last
// seen, the device's answers and which of them the worker has.
export class Participant {
  constructor(code, kept) {
    this.code = code;
    this.session = null;
    this.answers = { ...(kept || {}) };
    this.acked = {};
    this.joined = false;
  }

  isLocked(item) {
    return !!this.session && (this.session.locked || []).includes(item);
  }

  refusal(r) {
    switch (r.outcome) {
      case 'noSession': return problem('WNoSession', formatCode(this.code));
      case 'expired': return problem('WExpired');
      case 'locked': return problem('WLockedRefused');
      case 'full': return problem('WRoomFull');
    }
    return errNotice(r);
  }

  // join takes the answer to a join: the worker's answers for this device
  // are acknowledged; kept answers it lacks are to be sent again (resend),
  // unless their item is locked now.
  join(status, body) {
    const r = classify(status, body);
    switch (r.outcome) {
      case 'ok': break;
      case 'retry': return retrying();
      case 'busy': return busy();
      case 'ended': return step('end', ended);
      case 'invalid': return step('halt', problem('WBadCode'));
      default: return step('halt', this.refusal(r));
    }
    const j = parse(body);
    if (!j || !j.participant || !j.session) return retrying();
    const kept = this.answers;
    const have = j.answers || {};
    this.session = j.session;
    this.joined = true;
    this.answers = { ...have };
    this.acked = { ...have };
    const resend = [];
    for (const item of Object.keys(kept).sort()) {
      if (have[item] !== kept[item] && !this.isLocked(item)) {
        this.answers[item] = kept[item];
        resend.push(item);
      }
    }
    if (j.session.ended) return { step: 'end', notice: ended, resend: [] };
    return { step: 'proceed', resend };
  }

  choose(item, value) {
    this.answers[item] = value;
  }

  // pending is the value to send for an item: its latest, when the worker
  // does not have it yet (undefined: nothing to send).
  pending(item) {
    const v = this.answers[item];
    return v === undefined || this.acked[item] === v ? undefined : v;
  }

  // sent takes the answer to sending value for item. On 'proceed' the page
  // sends the item again if its value changed meanwhile; on 'undo' the
  // device's answer is the worker's again.
  sent(item, value, status, body) {
    const r = classify(status, body);
    switch (r.outcome) {
      case 'ok': {
        this.acked[item] = value;
        const a = parse(body);
        const res = { step: 'proceed', poll: !!(a && a.state && a.state !== this.session.etag) };
        if (this.pending(item) === undefined) res.notice = say('sent', 'WSaved');
        return res;
      }
      case 'retry': return retrying();
      case 'busy': return busy();
      case 'ended':
        this.session.ended = true;
        return step('end', ended);
    }
    if (item in this.acked) this.answers[item] = this.acked[item];
    else delete this.answers[item];
    if (r.outcome === 'locked' && !this.isLocked(item)) this.session.locked = [...(this.session.locked || []), item];
    return { step: 'undo', notice: this.refusal(r), redraw: true };
  }

  // polled takes the answer to a poll of the room's state. Without moved,
  // a new state may have changed the locks: the page sets them in place.
  polled(status, body) {
    const r = classify(status, body);
    switch (r.outcome) {
      case 'ok': break;
      case 'notModified': case 'retry': case 'busy': return { step: 'proceed' }; // keep showing the last state
      case 'ended':
        this.session.ended = true;
        return step('end', ended);
      default: return step('halt', this.refusal(r));
    }
    const s = parse(body);
    if (!s || typeof s.section !== 'string') return { step: 'proceed' };
    const moved = s.section !== this.session.section;
    this.session = s;
    if (s.ended) return { step: 'end', notice: ended, changed: true };
    return { step: 'proceed', changed: true, moved };
  }

  // allAnswered reports whether every open item of the section is answered.
  allAnswered(items) {
    return items.every((id) => id in this.answers || this.isLocked(id));
  }
}

const ended = say('sent', 'WEnded');

// fill puts args into a text's %s and %d (i18n.Fill).
export const fill = (t, args) => {
  let i = 0;
  return t.replace(/%([sd%])/g, (m, c) => (c === '%' ? '%' : String(args[i++])));
};

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' })[c]);

// sectionHTML draws a section of a questionnaire (its compiled JSON) for a
// participant as wasm/workshop.ParticipantSection does, with nothing
// answered or locked: the page then sets both in place.
export function sectionHTML(q, id, lang, texts) {
  const i = q.sections.findIndex((s) => s.id === id);
  if (i < 0) return '';
  let n = 0;
  for (const s of q.sections.slice(0, i)) n += s.items.length;
  const s = q.sections[i];
  const tx = (t) => esc((t && ((lang === 'en' && t.en) || t.sv)) || ''); // lagesbild.Text.In
  let h = `<section class="ws-section" aria-labelledby="ws-section-h" data-section="${esc(s.id)}">` +
    `<p class="snum">${esc(fill(texts.SectionOf, [i + 1, q.sections.length]))}</p><h2 id="ws-section-h" tabindex="-1">${tx(s.title)}</h2>`;
  if (tx(s.intro)) h += `<p class="intro">${tx(s.intro)}</p>`;
  for (const it of s.items) {
    const id = esc(it.id);
    const help = tx(it.help);
    h += `<fieldset class="item ws-item" id="i-${id}" data-item="${id}" aria-describedby="l-${id}${help ? ' h-' + id : ''}">` +
      `<legend><span class="inum">${++n}.</span> ${tx(it.text)}</legend><p class="ws-locked" id="l-${id}" hidden>${esc(texts.WLocked)}</p>`;
    if (help) h += `<p class="help" id="h-${id}">${help}</p>`;
    h += '<div class="options">';
    for (const o of it.options) {
      const cls = o.na ? ' na' : o.points == null ? ' dontknow' : '';
      const oid = `o-${id}-${esc(o.value)}`;
      h += `<div class="option${cls}"><input type="radio" id="${oid}" name="${id}" value="${esc(o.value)}"><label for="${oid}">${tx(o.label)}</label></div>`;
    }
    h += '</div></fieldset>';
  }
  return h + '</section>';
}

if (typeof document === 'object') page();

// page runs the page in a browser.
function page() {
  const $ = (id) => document.getElementById(id);
  const body = document.body;
  const all = JSON.parse($('texts').textContent);
  const store = {
    get: (k) => { try { return localStorage.getItem(k); } catch { return null; } },
    set: (k, v) => { try { localStorage.setItem(k, v); } catch { /* private modes: kept for the page */ } },
  };
  let lang = store.get('lagesbild:lang') === 'en' ? 'en' : 'sv';
  const T = () => all[lang];
  const text = (n) => {
    const t = T();
    return fill(t[n.key] ?? (n.key.startsWith('code:') ? t['code:internal'] : n.key), n.args || []);
  };

  let device = store.get('lagesbild:workshop:device');
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(device || '')) {
    device = crypto.randomUUID(); // a secure context: https, or localhost
    store.set('lagesbild:workshop:device', device);
  }

  let st = null; // the Participant, once a code is given
  let notice = null;
  let questionnaire = null; // the session's questionnaire as JSON, when fetched
  const status = $('status');
  const show = (n) => {
    if (!n) return;
    notice = n;
    status.className = 'status' + (n.kind ? ' ' + n.kind : '');
    status.textContent = n.key ? text(n) : '';
  };

  const api = async (method, path, payload, headers) => {
    try {
      const r = await fetch('/api/workshops/' + st.code + path, {
        method, headers: { 'Content-Type': 'application/json', ...headers }, body: payload && JSON.stringify(payload),
        cache: 'no-store',
      });
      return [r.status, await r.text(), r.headers];
    } catch (err) {
      console.warn('join:', method, path, err);
      return [0, '', new Headers()];
    }
  };
  const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
  const retry = (n) => sleep(resendDelay(n, Math.random()));

  // The static texts in the chosen language (wasm/page.Translate).
  const translate = () => {
    document.documentElement.lang = lang;
    for (const e of document.querySelectorAll('[data-i18n]')) e.textContent = T()[e.dataset.i18n];
    $('lang').setAttribute('lang', lang === 'sv' ? 'en' : 'sv');
    if (st && st.joined) title();
    if (notice) show(notice);
  };
  const title = () => {
    const t = fill(T().WParticipantOf, [formatCode(st.code)]);
    $('title').textContent = t;
    document.title = t + ' – ' + T().SiteName;
  };
  const problemForm = (n, form) => {
    show(n);
    $('join-form').hidden = !form;
    if (form) {
      $('code').setAttribute('aria-invalid', 'true');
      $('code').focus();
    }
  };

  // The pre-rendered questionnaire is the page's (body data-*); any other,
  // or English, comes as JSON (the static file the build writes).
  const prerendered = () => lang === 'sv' && st.session.questionnaire === body.dataset.questionnaire &&
    String(st.session.version) === body.dataset.version;
  const load = async () => {
    if (prerendered() || questionnaire) return true;
    const url = `/enkat/${encodeURIComponent(st.session.questionnaire)}/v${st.session.version}.json`;
    for (let n = 0; ; n++) {
      try {
        const r = await fetch(url);
        if (r.ok) {
          questionnaire = await r.json();
          return true;
        }
        if (r.status < 500) throw new Error(url + ': status ' + r.status);
      } catch (err) {
        console.warn('join: the questionnaire:', err);
        if (n >= 2) return false;
      }
      await retry(n);
    }
  };

  const section = () => $('section');
  const items = () => [...section().querySelectorAll('fieldset[data-item]')].map((f) => f.dataset.item);
  const done = () => { $('done').hidden = !st.allAnswered(items()); };
  // locks sets the items' locks (and answers) in place, without redrawing
  // what the participant may be in the middle of.
  const locks = () => {
    for (const id of items()) {
      const l = st.isLocked(id);
      $('i-' + id).disabled = l;
      $('l-' + id).hidden = !l;
    }
    done();
  };
  const check = () => {
    for (const id of items()) {
      for (const r of $('i-' + id).querySelectorAll('input')) r.checked = st.answers[id] === r.value;
    }
  };
  // render draws the room's section; with focus, the heading takes it (the
  // room moved on: a screen reader starts at the new section).
  const render = async (focus) => {
    if (st.session.ended) return end();
    if (!(await load())) return problemForm(problem('ErrNetwork'), false);
    const id = st.session.section;
    const tpl = prerendered() && $('tpl-' + id);
    if (tpl) section().replaceChildren(tpl.content.cloneNode(true));
    else section().innerHTML = sectionHTML(questionnaire, id, lang, T());
    section().dataset.rendered = id;
    check();
    locks();
    if (focus) $('ws-section-h').focus();
  };
  const end = () => {
    section().replaceChildren();
    $('done').hidden = true;
    $('join-form').hidden = true;
    show(ended);
    body.setAttribute('data-ended', '');
  };
  const save = () => store.set('lagesbild:workshop:answers:' + st.code, JSON.stringify(st.answers));
  const kept = (code) => {
    const v = parse(store.get('lagesbild:workshop:answers:' + code));
    return v && Object.values(v).every((x) => typeof x === 'string') ? v : {};
  };

  // Sending: one answer at a time, the latest value of each item, retried
  // while the network or a busy worker does not take it.
  const queue = [];
  let sending = false;
  let wake = null; // resolves the poller's wait: poll now
  const send = async (item) => {
    if (!queue.includes(item)) queue.push(item);
    if (sending) return;
    sending = true;
    while (queue.length) {
      const it = queue.shift();
      for (let n = 0; ; n++) {
        const value = st.pending(it);
        if (value === undefined) break;
        const [code, b] = await api('POST', '/answers', { participant: device, item: it, value });
        const res = st.sent(it, value, code, b);
        show(res.notice);
        if (res.step === 'wait') {
          await retry(n);
          continue;
        }
        if (res.poll && wake) wake();
        if (res.step === 'proceed') continue; // again if the value changed meanwhile
        if (res.step === 'end') {
          end();
          break;
        }
        save(); // undo: the answer is the worker's again
        if (res.redraw) {
          check();
          locks();
        }
        break;
      }
    }
    sending = false;
  };

  // follow long-polls the room's state while the page is shown (pollWait).
  const follow = async () => {
    let pause = POLL_GAP_MS;
    let failures = 0;
    for (;;) {
      await new Promise((ok) => {
        wake = ok;
        const go = () => (document.hidden ? document.addEventListener('visibilitychange', go, { once: true }) : setTimeout(ok, pause));
        go();
      });
      wake = null;
      const etag = st.session.etag;
      const t0 = Date.now();
      const [code, b, h] = await api('GET', '', null, etag ? { 'If-None-Match': etag, Prefer: 'wait=' + POLL_WAIT_S } : {});
      const outcome = classify(code, b).outcome;
      failures = outcome === 'retry' || outcome === 'busy' ? failures + 1 : 0;
      pause = pollWait({ outcome, held: held(code, h.get('Preference-Applied')), elapsed: Date.now() - t0, failures }, Math.random());
      const res = st.polled(code, b);
      if (res.step === 'end') return end();
      if (res.step === 'halt') return problemForm(res.notice, true);
      if (res.moved) await render(true);
      else if (res.changed) locks();
    }
  };

  const join = async (code) => {
    if (st && st.code === code && st.joined) return;
    st = new Participant(code, kept(code));
    show(say('', 'WJoining'));
    let res;
    for (let n = 0; ; n++) {
      const [s, b] = await api('POST', '/participants', { participant: device });
      res = st.join(s, b);
      if (res.step !== 'wait') break;
      show(res.notice);
      await retry(n);
    }
    if (res.step === 'end') return end();
    if (res.step === 'halt') return problemForm(res.notice, true);
    $('join-form').hidden = true;
    $('intro').hidden = true;
    $('anon').hidden = false;
    title();
    save();
    await render(false);
    if (body.hasAttribute('data-ended')) return;
    show({ kind: '', key: '' });
    for (const item of res.resend) send(item);
    follow();
  };

  $('join-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const code = normalizeCode($('code').value);
    if (!code) return problemForm(problem('WBadCode'), true);
    $('code').removeAttribute('aria-invalid');
    history.replaceState(null, '', '?code=' + code);
    join(code);
  });
  section().addEventListener('change', (ev) => {
    const r = ev.target;
    if (!st || r.type !== 'radio') return;
    st.choose(r.name, r.value);
    save();
    done();
    show(say('', 'WSaving'));
    send(r.name);
  });
  $('lang').hidden = false;
  $('lang').addEventListener('click', () => {
    lang = lang === 'sv' ? 'en' : 'sv';
    store.set('lagesbild:lang', lang);
    translate();
    if (st && st.joined && !st.session.ended) render(false);
  });
  if (lang !== 'sv') translate();
  const raw = new URLSearchParams(location.search).get('code');
  if (raw) {
    const code = normalizeCode(raw);
    if (code) {
      $('code').value = formatCode(code);
      join(code);
    } else {
      problemForm(problem('WBadCode'), true);
    }
  }
  body.setAttribute('data-ready', '');
}
