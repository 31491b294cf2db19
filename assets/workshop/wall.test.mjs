// The wall's early script (wall.mjs) under Node's test runner: it reads a
// join code as the participants' page does. The page runs in Chromium:
// e2e/workshop (TestWallEarly, TestBenchWall).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeCode } from './wall.mjs';
import { normalizeCode as joinNormalizeCode } from './join.mjs';

test('normalizeCode: as join.mjs, case, spaces and dashes aside', () => {
  const cases = [['acd-efg', 'ACDEFG'], ['ACD EFG', 'ACDEFG'], ['HJKMNP', 'HJKMNP'], ['ACDEF', ''], ['ACDEFGH', ''],
    ['ABCDEF', ''], ['ACDEF0', ''], ['', ''], ['<script>', '']];
  for (const [raw, want] of cases) {
    assert.equal(normalizeCode(raw), want, raw);
    assert.equal(joinNormalizeCode(raw), want, 'join.mjs: ' + raw);
  }
  assert.equal(normalizeCode(null), '');
});
