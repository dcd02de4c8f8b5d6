/**
 * Guessing (issue 12, attacks 1 and 3) against `npm start`: passwords and
 * enrollment codes. The server trusts X-Forwarded-For here (TRUST_PROXY=1),
 * which lets one test play many addresses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enroll, signInAs } from '../support/attack-kit';
import { startProduct, type RunningProduct } from '../support/product';

let product: RunningProduct;
beforeAll(async () => {
  product = await startProduct({ TRUST_PROXY: '1' });
});
afterAll(async () => {
  await product?.stop();
});

/** The median of a few timings of `attempt`, in ms. */
async function medianMs(runs: number, attempt: (i: number) => Promise<Response>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const res = await attempt(i);
    times.push(performance.now() - start);
    expect(res.status).toBe(401);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

describe('sign-in guessing', () => {
  it('answers 300 wrong passwords in a row with 429s, and the right one must wait out the back-off', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 300; i++) {
      const res = await signInAs(product, 'admin', `guess-${i}`, '203.0.113.7');
      statuses.push(res.status);
      if (res.status === 429) {
        retryAfter = res.headers.get('retry-after');
        expect(((await res.json()) as { code: string }).code).toBe('too_many_attempts');
      } else await res.body?.cancel();
    }
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(10);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(290);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // Each guess that gets through once a block ends doubles the next block (1 s, 2 s, 4 s, …).
    // Keep guessing until the block in force has seconds to run, so the right password is
    // tried inside it however slowly this machine ran the 300 above.
    for (let i = 0; Number(retryAfter) < 3 && i < 200; i++) {
      const res = await signInAs(product, 'admin', `more-${i}`, '203.0.113.7');
      retryAfter = res.status === 429 ? res.headers.get('retry-after') : null;
      await res.body?.cancel();
      if (res.status === 429 && Number(retryAfter) < 3) await new Promise((r) => setTimeout(r, 100));
    }
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(3);
    const right = await signInAs(product, 'admin', product.adminPassword, '203.0.113.7');
    expect(right.status).toBe(429);
    // The admin, from elsewhere, still gets in: one address's guesses do not lock the account.
    expect((await signInAs(product, 'admin', product.adminPassword, '198.51.100.1')).status).toBe(200);
  });

  it('takes about as long for an unknown user as for a real one, so usernames cannot be told by timing', async () => {
    // Each attempt from its own address, under every throttle: only the hashing is measured.
    const unknown = await medianMs(9, (i) => signInAs(product, `nobody-${i}`, 'wrong', `192.0.2.${i + 1}`));
    const real = await medianMs(9, (i) => signInAs(product, 'admin', 'wrong', `192.0.2.${i + 101}`));
    expect(Math.max(unknown, real) / Math.min(unknown, real)).toBeLessThan(3);
  });
});

describe('enrollment-code guessing', () => {
  it('throttles guesses from one address, while a kiosk elsewhere still enrolls with the real code', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      statuses.push((await enroll(product, String(1000000000 + i), '203.0.113.50')).status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 403)).toBe(true);
    // Blocks double (2 s, 4 s, …): on a slow machine one guess may slip through as a block ends.
    expect(statuses.slice(11).filter((s) => s === 429).length).toBeGreaterThanOrEqual(27);
    // Guess on until the block in force has seconds to run, so the real code is sent inside it.
    let last = await enroll(product, '1000000999', '203.0.113.50');
    for (let i = 0; !(last.status === 429 && Number(last.retryAfter) >= 3) && i < 100; i++) {
      if (last.status === 429) await new Promise((r) => setTimeout(r, 100));
      last = await enroll(product, String(1000001000 + i), '203.0.113.50');
    }
    const blocked = await enroll(product, product.demoCode, '203.0.113.50');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.retryAfter)).toBeGreaterThan(0);
    expect((await enroll(product, product.demoCode, '198.51.100.9')).status).toBe(201);
  });

  it('throttles guesses spread over many addresses for the whole server', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 120; i++) {
      statuses.push((await enroll(product, String(2000000000 + i), `10.1.${i >> 8}.${i & 255}`)).status);
    }
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(10);
    expect((await enroll(product, '3000000000', '10.9.9.9')).status).toBe(429);
  });
});
