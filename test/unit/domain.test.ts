/** Pure rules: phone masking, PIN hashing, backoff, batch bounds, the visit+outbox transaction. */
import { describe, expect, it } from 'vitest';
import { KioskDb } from '../../src/db/kiosk-db';
import { recordVisit } from '../../src/db/record-visit';
import { backoffDelay } from '../../src/domain/backoff';
import { maskPhone } from '../../src/domain/phone';
import { hashPin, verifyPin } from '../../src/domain/pin';
import { takeBatch, utf8Length } from '../../src/domain/take-batch';
import { uuid7, UUID_PATTERN } from '../../src/protocol/uuid7';

describe('phone masking', () => {
  it('hides the middle four digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone(null)).toBe('');
  });
});

describe('host PIN', () => {
  it('stores a salted hash that verifies only the right PIN', async () => {
    const a = await hashPin('2468');
    const b = await hashPin('2468');
    expect(a.hash).not.toBe(b.hash);
    expect(JSON.stringify(a)).not.toContain('2468');
    expect(await verifyPin('2468', a)).toBe(true);
    expect(await verifyPin('2469', a)).toBe(false);
  });
});

describe('backoff', () => {
  it('grows exponentially with jitter and stops at the cap', () => {
    expect(backoffDelay(1, () => 0)).toBe(1000);
    expect(backoffDelay(1, () => 1)).toBe(2000);
    expect(backoffDelay(4, () => 1)).toBe(16000);
    expect(backoffDelay(40, () => 1)).toBe(300000);
    expect(backoffDelay(40, () => 0)).toBe(150000);
  });
});

describe('takeBatch', () => {
  it('bounds a batch by count and by bytes, but always takes one', () => {
    const items = Array.from({ length: 10 }, (_, i) => ({ i, pad: 'x'.repeat(100) }));
    expect(takeBatch(items, 4, 1e6)).toHaveLength(4);
    expect(takeBatch(items, 100, 350)).toHaveLength(3);
    expect(takeBatch(items, 100, 10)).toHaveLength(1);
  });

  it('counts the bytes a batch of Chinese text and emoji takes on the wire, as UTF-8', () => {
    const texts = ['康民药店分站', '充电🔋 water', 'a\u00e9\u0800\uffff', '\ud83d', 'x\udc00y', ''];
    for (const t of texts) expect(utf8Length(t)).toBe(new TextEncoder().encode(t).length);
    // Three wishes of 200 Chinese characters (600 bytes each, not 200) do not fit in 1,500 bytes.
    const wishes = Array.from({ length: 3 }, () => ({ text: '帮'.repeat(200) }));
    expect(takeBatch(wishes, 10, 1500)).toHaveLength(2);
  });
});

describe('uuid7', () => {
  it('is a valid UUID that sorts by creation time', () => {
    const a = uuid7(1000);
    const b = uuid7(2000);
    expect(a).toMatch(UUID_PATTERN);
    expect(a[14]).toBe('7');
    expect(a < b).toBe(true);
  });
});

describe('recordVisit', () => {
  it('writes the visit and its outbox entry together', async () => {
    const db = new KioskDb(`rv-${Math.random()}`);
    const v = await recordVisit(db, { services: ['rest'], phone: null });
    expect(await db.visits.get(v.id)).toMatchObject({ id: v.id, services: ['rest'] });
    expect((await db.outbox.toArray()).map((e) => e.recordId)).toEqual([v.id]);
  });

  it('writes neither when the outbox write fails', async () => {
    const db = new KioskDb(`rv-${Math.random()}`);
    db.outbox.hook('creating', () => {
      throw new Error('disk full');
    });
    await expect(recordVisit(db, { services: ['rest'], phone: null })).rejects.toThrow();
    expect(await db.visits.count()).toBe(0);
  });

  it('refuses a visit with no service', async () => {
    const db = new KioskDb(`rv-${Math.random()}`);
    await expect(recordVisit(db, { services: [], phone: null })).rejects.toThrow(/service/);
  });
});
