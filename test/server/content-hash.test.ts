/** Content hashes are stored in the ledger: the text they hash must stay byte for byte what it was. */
import { describe, expect, it } from 'vitest';
import { contentHash, plainContentHash } from '../../server/store/content-hash';
import { canonicalJson } from '../../src/protocol/canonical-json';

/** The definition canonicalJson must keep matching: JSON.stringify with a key-sorting replacer. */
const byReplacer = (value: unknown) =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );

const visit = {
  kind: 'visit',
  op: 'put',
  baseVersion: null,
  record: {
    id: '0192f3a1-7c2e-7abc-8def-0123456789ab',
    createdAt: '2024-05-31T15:30:00.000Z',
    services: ['water', 'rest'],
    phone: '13912345678',
    memberId: null,
  },
};

describe('content hash', () => {
  it('hashes a change to the same value it always did', () => {
    // Values computed by the first implementation (createHash over the replacer's text).
    expect(plainContentHash(visit)).toBe('R6SLdG27r8dZvCNBgZ5SU1SuTrJ9e933tPZIbL7V0zQ');
    expect(plainContentHash({ ...visit, record: { stationId: 'st-1', ...visit.record } })).toBe(
      'R6SLdG27r8dZvCNBgZ5SU1SuTrJ9e933tPZIbL7V0zQ',
    );
    const station = {
      kind: 'station',
      op: 'put',
      baseVersion: 3,
      record: {
        name: '铜心驿站 · 分站',
        id: 's1',
        kind: 'branch',
        services: ['water'],
        retentionDays: 30,
        nested: { z: 1, a: [{ y: 'é', b: null }] },
      },
    };
    expect(plainContentHash(station)).toBe('WBaIyZ75-eB-oMFedcipjJBGp1nvVEcvyaW0D9P9bno');
  });

  it('writes canonical JSON exactly as the key-sorting replacer does', () => {
    const values: unknown[] = [
      visit,
      null,
      'a "quoted" \u2028 line \ud800',
      [1, -0, 1e21, NaN, Infinity, true, null, 'x'],
      { b: 1, a: { d: [], c: {} }, B: 2, ä: 3, _: 4, '': 5 },
      { keep: 1, gone: undefined, fn: () => 1 },
      [undefined, () => 1],
      { 10: 'ten', 9: 'nine', b: 'b', a: 'a' },
      { when: new Date(Date.UTC(2024, 4, 31)), n: { toJSON: () => ({ z: 1, y: 2 }) } },
      Object.assign(Object.create(null) as object, { z: 1, a: 2 }),
      new Map([['a', 1]]),
      { deep: [[{ y: 1, x: [{ b: 2, a: 1 }] }]] },
    ];
    for (const value of values) expect(canonicalJson(value)).toBe(byReplacer(value));
  });

  it('stores the hash keyed under the server secret, so a database copy cannot test guessed phone numbers against it', () => {
    const stored = contentHash(visit);
    expect(stored).not.toBe(plainContentHash(visit));
    expect(contentHash(structuredClone(visit))).toBe(stored);
    expect(contentHash({ ...visit, record: { ...visit.record, phone: '13912345679' } })).not.toBe(stored);
  });
});
