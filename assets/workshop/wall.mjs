// The wall's first second (issue 17): the join code, the link and the QR
// code, shown from this small script while wall.wasm (ebiten, megabytes)
// is still on its way. It draws the wall's sidebar as the wall will: the
// code from the address, the QR code as SVG from the worker
// (/api/workshops/{code}/qr.svg). It shows no figures. It hides again when
// the session has ended or does not exist (the state, read once: data-checked) and when
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
  fetch('/api/workshops/' + code).then(async (r) => {
    const s = r.ok ? await r.json() : null;
    const ended = !s || s.ended;
    if (ended) early.hidden = true;
    early.dataset.checked = ended ? 'ended' : 'running'; // for tests: the state is read
  }).catch(() => {}); // offline: the wall will say so
}

if (typeof document !== 'undefined') start();
