// The participants' page's logic (join.mjs) under Node's test runner: what a
// phone does with each answer of the worker (the behaviour wasm/join had,
// from wasm/workshop's participant tests), and drawing a section from JSON.
// The page itself runs in Chromium: e2e/workshop (TestJoinPage).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { classify, normalizeCode, formatCode, resendDelay, fill, sectionHTML, Participant, pollWait, held, POLL_WAIT_S } from './join.mjs';

const session = (over) => ({ code: 'ACDEFG', questionnaire: 'workshop', version: 2, section: 'rutiner', locked: ['locked'], etag: '"w-1"', ...over });
const joinedBody = (answers, s) => JSON.stringify({ participant: 'p', new: !answers, answers: answers || {}, session: s || session() });
const error = (code) => JSON.stringify({ code, error: 'anything' });
const joined = () => {
  const p = new Participant('ACDEFG', null);
  p.join(201, joinedBody({ 'rutiner.ansvar-arenden': 'ja' }, session({ locked: [] })));
  return p;
};

test('classify: by the error code, never the message; by the status when the answer is not the API\'s', () => {
  const cases = [
    [200, '{}', 'ok'], [201, '', 'ok'], [304, '', 'notModified'],
    [404, error('session_not_found'), 'noSession'], [404, error('session_expired'), 'expired'],
    [409, error('session_ended'), 'ended'], [409, error('item_locked'), 'locked'], [403, error('not_joined'), 'notJoined'],
    [409, error('room_full'), 'full'], [400, error('invalid'), 'invalid'], [429, error('rate_limited'), 'busy'],
    [503, error('too_many'), 'busy'], [500, error('internal'), 'retry'], [400, error('round_closed'), 'refused'],
    [0, '', 'retry'], [502, '<html>bad gateway</html>', 'retry'], [408, '', 'retry'], [429, 'slow down', 'busy'],
    [418, 'teapot', 'refused'], [400, '[1]', 'refused'],
  ];
  for (const [status, body, want] of cases) assert.equal(classify(status, body).outcome, want, `${status} ${body}`);
});

test('join codes as typed, and as read aloud', () => {
  assert.equal(normalizeCode('acd-efg'), 'ACDEFG');
  assert.equal(normalizeCode(' ACD EFG '), 'ACDEFG');
  for (const bad of ['ACDEF', 'ACDEFGH', 'ACDEF0', 'ABCDEF', '']) assert.equal(normalizeCode(bad), '', bad);
  assert.equal(formatCode('ACDEFG'), 'ACD EFG');
});

test('resend: 1, 2, 4 … up to 15 s, the upper half at random', () => {
  assert.deepEqual([0, 1, 2, 3, 4, 9].map((n) => resendDelay(n, 0)), [500, 1000, 2000, 4000, 7500, 7500]);
  assert.equal(resendDelay(0, 0.999999) < 1000, true);
  assert.equal(resendDelay(9, 1), 15000);
});

test('fill: %s and %d in order, %% kept', () => {
  assert.equal(fill('Avsnitt %d av %d (100 %%)', [2, 5]), 'Avsnitt 2 av 5 (100 %)');
});

test('join: which kept answers a phone sends again', () => {
  const cases = [
    ['new device', null, null, [], {}],
    ['a reload', { a: 'ja' }, { a: 'ja' }, [], { a: 'ja' }],
    ['answered offline', { a: 'ja', c: 'nej', b: 'x' }, { a: 'ja' }, ['b', 'c'], { a: 'ja', b: 'x', c: 'nej' }],
    ['changed offline', { a: 'nej' }, { a: 'ja' }, ['a'], { a: 'nej' }],
    ['locked since', { locked: 'nej', a: 'ja' }, { locked: 'ja' }, ['a'], { locked: 'ja', a: 'ja' }],
    ['locked, never sent', { locked: 'nej' }, null, [], {}],
    ['the worker knows more', null, { a: 'ja' }, [], { a: 'ja' }],
  ];
  for (const [name, kept, have, resend, answers] of cases) {
    const p = new Participant('ACDEFG', kept);
    const r = p.join(201, joinedBody(have));
    assert.equal(r.step, 'proceed', name);
    assert.deepEqual(r.resend, resend, name);
    assert.deepEqual(p.answers, answers, name);
    assert.equal(p.joined && p.session.etag, '"w-1"', name);
    for (const item of resend) assert.equal(p.pending(item), answers[item], name);
    for (const item of Object.keys(have || {})) if (!resend.includes(item)) assert.equal(p.pending(item), undefined, name);
  }
  assert.equal(new Participant('ACDEFG').join(200, joinedBody(null, session({ ended: true }))).step, 'end');
  assert.equal(new Participant('ACDEFG').join(200, '<html>').step, 'wait');
});

test('join refused: each in the page\'s own words', () => {
  const cases = [
    [404, error('session_not_found'), 'halt', 'WNoSession', ['ACD EFG']], [404, error('session_expired'), 'halt', 'WExpired'],
    [409, error('room_full'), 'halt', 'WRoomFull'], [400, error('invalid'), 'halt', 'WBadCode'],
    [409, error('session_ended'), 'end', 'WEnded'], [429, error('rate_limited'), 'wait', 'WBusy'],
    [0, '', 'wait', 'WRetrying'], [413, error('too_large'), 'halt', 'code:too_large'], [451, '', 'halt', 'ErrHTTP', [451]],
  ];
  for (const [status, body, step, key, args = []] of cases) {
    const r = new Participant('ACDEFG').join(status, body);
    assert.equal(r.step, step, body);
    assert.equal(r.notice.key, key, body);
    assert.deepEqual(r.notice.args, args, body);
  }
});

test('sent: what a phone does with the answer to an answer', () => {
  const answered = (state) => JSON.stringify({ item: 'rutiner.ansvar-arenden', value: 'nej', outcome: 'updated', state });
  let p = joined();
  p.choose('rutiner.ansvar-arenden', 'nej');
  assert.equal(p.pending('rutiner.ansvar-arenden'), 'nej');
  let r = p.sent('rutiner.ansvar-arenden', 'nej', 200, answered('"w-1"'));
  assert.deepEqual([r.step, r.poll, r.notice.key, r.notice.kind], ['proceed', false, 'WSaved', 'sent']);
  assert.equal(p.pending('rutiner.ansvar-arenden'), undefined);

  p = joined(); // changed while on its way: the new value goes next, nothing said yet
  p.choose('rutiner.ansvar-arenden', 'nej');
  p.choose('rutiner.ansvar-arenden', 'delvis');
  r = p.sent('rutiner.ansvar-arenden', 'nej', 200, answered('"w-1"'));
  assert.deepEqual([r.step, r.notice, p.pending('rutiner.ansvar-arenden')], ['proceed', undefined, 'delvis']);

  p = joined(); // another state: poll now
  p.choose('rutiner.ansvar-arenden', 'nej');
  assert.equal(p.sent('rutiner.ansvar-arenden', 'nej', 200, answered('"w-2"')).poll, true);

  p = joined(); // locked: the worker's answer again, the item locked
  p.choose('rutiner.ansvar-arenden', 'nej');
  r = p.sent('rutiner.ansvar-arenden', 'nej', 409, error('item_locked'));
  assert.deepEqual([r.step, r.redraw, r.notice.key, r.notice.kind], ['undo', true, 'WLockedRefused', 'problem']);
  assert.equal(p.answers['rutiner.ansvar-arenden'], 'ja');
  assert.equal(p.isLocked('rutiner.ansvar-arenden'), true);

  p = joined(); // refused, never answered before: no answer
  p.choose('rutiner.handlingsplan', 'x');
  r = p.sent('rutiner.handlingsplan', 'x', 400, error('invalid'));
  assert.deepEqual([r.step, r.notice.key, 'rutiner.handlingsplan' in p.answers], ['undo', 'code:invalid', false]);

  p = joined();
  r = p.sent('rutiner.ansvar-arenden', 'nej', 409, error('session_ended'));
  assert.deepEqual([r.step, p.session.ended], ['end', true]);

  for (const [status, body, key] of [[0, '', 'WRetrying'], [503, '<html>', 'WRetrying'], [429, error('rate_limited'), 'WBusy'], [500, error('internal'), 'WRetrying']]) {
    p = joined();
    p.choose('rutiner.ansvar-arenden', 'nej');
    r = p.sent('rutiner.ansvar-arenden', 'nej', status, body);
    assert.deepEqual([r.step, r.notice.key, p.pending('rutiner.ansvar-arenden')], ['wait', key, 'nej'], `${status}`);
  }
});

test('polled: what a phone does with the room\'s state', () => {
  const state = (section, locked, ended, etag) => JSON.stringify(session({ section, locked, ended, etag }));
  const p = joined();
  const steps = [
    ['unchanged', 304, '', { step: 'proceed' }, false],
    ['offline', 0, '', { step: 'proceed' }, false],
    ['busy', 429, error('rate_limited'), { step: 'proceed' }, false],
    ['a lock', 200, state('rutiner', ['rutiner.ansvar-arenden'], false, '"w-2"'), { step: 'proceed', changed: true, moved: false }, true],
    ['moved on', 200, state('kunskap', ['rutiner.ansvar-arenden'], false, '"w-3"'), { step: 'proceed', changed: true, moved: true }, true],
    ['ended', 200, state('kunskap', [], true, '"w-4"'), { step: 'end', changed: true }, false],
  ];
  for (const [name, status, body, want, locked] of steps) {
    const got = p.polled(status, body);
    assert.deepEqual({ step: got.step, changed: got.changed, moved: got.moved }, { changed: undefined, moved: undefined, ...want }, name);
    assert.equal(p.isLocked('rutiner.ansvar-arenden'), locked, name);
  }
  const r = joined().polled(404, error('session_expired'));
  assert.deepEqual([r.step, r.notice.key], ['halt', 'WExpired']);
  const q = joined();
  q.polled(200, state('rutiner', ['rutiner.ansvar-arenden'], false, '"w-2"'));
  assert.equal(q.allAnswered(['rutiner.handlingsplan', 'rutiner.ansvar-arenden']), false);
  q.choose('rutiner.handlingsplan', 'beslutat');
  assert.equal(q.allAnswered(['rutiner.handlingsplan', 'rutiner.ansvar-arenden']), true);
});

test('sectionHTML: the section as wasm/workshop.ParticipantSection writes it (golden, from assets/build)', () => {
  const q = JSON.parse(readFileSync(new URL('../../questionnaires/compiled/workshop.v2.json', import.meta.url)));
  const texts = { SectionOf: 'Avsnitt %d av %d', WLocked: 'Låst av ledaren' };
  const want = readFileSync(new URL('../build/testdata/join-section.html', import.meta.url), 'utf8').trim();
  assert.equal(sectionHTML(q, 'kunskap', 'sv', texts), want);
  assert.equal(sectionHTML(q, 'no-such-section', 'sv', texts), '');
  assert.match(sectionHTML({ sections: [{ id: 's', title: { sv: '<b>' }, items: [] }] }, 's', 'sv', texts), /&lt;b&gt;/);
});

test('the long-poll: when the next poll of the room goes', () => {
  const cases = [
    ['held until the wait was over', { outcome: 'notModified', held: true, elapsed: 20_000, failures: 0 }, 0.5, 0],
    ['held until the room moved', { outcome: 'ok', held: true, elapsed: 4_000, failures: 0 }, 0.5, 0],
    ['held, back soon: a second from its start', { outcome: 'ok', held: true, elapsed: 300, failures: 0 }, 0.5, 700],
    ['not held (a worker that does not hold)', { outcome: 'notModified', held: false, elapsed: 20, failures: 0 }, 0.5, 1000],
    ['a new state, not held', { outcome: 'ok', held: false, elapsed: 20, failures: 0 }, 0.5, 1000],
    ['the network failed once', { outcome: 'retry', held: false, elapsed: 5, failures: 1 }, 0.5, 1000],
    ['failed three times in a row', { outcome: 'retry', held: false, elapsed: 5, failures: 3 }, 0.5, 3000],
    ['busy, many times', { outcome: 'busy', held: false, elapsed: 5, failures: 12 }, 1, 15000],
  ];
  for (const [name, poll, r, want] of cases) assert.equal(pollWait(poll, r), want, name);
  assert.equal(POLL_WAIT_S <= 25, true, 'the glue holds at most 25 s');
});

test('held: 200 or 304 with Preference-Applied: wait', () => {
  const cases = [
    [304, 'wait=20', true], [200, 'wait=20', true], [200, 'respond-async, wait=5', true],
    [304, null, false], [304, '', false], [304, 'respond-async', false], [500, 'wait=20', false], [0, null, false],
  ];
  for (const [status, applied, want] of cases) assert.equal(held(status, applied), want, `${status} ${applied}`);
});
