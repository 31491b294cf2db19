// The wall's first second (issue 17): the join code, the link and the QR
// code, shown from this small script while wall.wasm (a megabyte)
// is still on its way. It draws the wall's sidebar as the wall will: the
// code from the address, the QR code as SVG from the worker
// (/api/workshops/{code}/qr.svg). It shows no figures, but fetches them
// (and their questionnaire) for wall.wasm, which would otherwise ask only
// once it has arrived and started. It hides again when the session has
// ended or does not exist (the state, read once: data-checked) and when
// wall.wasm paints its first frame (wasm/wall takes over).

const ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679'; // lagesbild.JoinAlphabet

// normalizeCode reads a join code as lagesbild.NormalizeJoinCode and
// join.mjs do (not imported from it: join.mjs starts the phone's page): case,
// spaces and dashes do not matter; '' when it is not a code.
export function normalizeCode(raw) {
  const c = String(raw || '').toUpperCase().replace(/[ -]/g, '');
  if (c.length !== 6) return '';
  for (const ch of c) if (!ALPHABET.includes(ch)) return '';
  return c;
}

function start() {
  const params = new URLSearchParams(location.search);
  const code = normalizeCode(params.get('code'));
  const early = document.getElementById('wall-early');
  if (!code || !early) return; // wall.wasm says what is wrong with the link
  let lang = params.get('lang');
  if (lang !== 'en' && lang !== 'sv') {
    try { lang = localStorage.getItem('lagesbild:lang'); } catch { lang = null; }
  }
  const en = lang === 'en';
  if (en) {
    document.documentElement.lang = 'en';
    for (const el of early.querySelectorAll('[data-en]')) el.textContent = el.dataset.en;
  }
  const join = location.origin + '/join/?code=' + code;
  document.getElementById('wall-early-link').textContent = location.host + '/join';
  document.getElementById('wall-early-code').textContent = code.slice(0, 3) + ' ' + code.slice(3);
  const img = document.getElementById('wall-early-qr');
  img.alt = (en ? img.dataset.altEn : img.dataset.alt).replace('%s', join);
  img.addEventListener('load', () => { img.hidden = false; });
  img.addEventListener('error', () => { early.hidden = true; }); // no session: no invitation
  img.src = '/api/workshops/' + code + '/qr.svg';
  early.hidden = false;
  // wall.wasm's first GETs, started now rather than after its download:
  // the room's figures and their questionnaire. The figures also say
  // whether the session runs.
  prefetch('/api/workshops/' + code + '/wall').then((a) => {
    if (!a) return; // offline: the wall will say so
    let v = null;
    try { v = a.status === 200 ? JSON.parse(a.text) : null; } catch { v = null; }
    const ended = !v || !v.session || v.session.ended;
    if (ended) early.hidden = true;
    early.dataset.checked = ended ? 'ended' : 'running'; // for tests: the state is read
    if (!ended) prefetch('/api/questionnaires/' + v.session.questionnaire + '?version=' + v.session.version);
  });
}

// prefetch starts a GET that wall.wasm will make, and hands it over in
// window.lagesbildFetches (wasm/dom's Prefetched takes it, once): a promise
// of the status and text, or of null when the network failed, which it
// returns too.
function prefetch(url) {
  const all = (window.lagesbildFetches = window.lagesbildFetches || {});
  all[url] = fetch(url, { credentials: 'same-origin', cache: 'no-store' })
    .then(async (r) => ({ status: r.status, text: await r.text() }))
    .catch(() => null);
  return all[url];
}

if (typeof document !== 'undefined') start();
