/**
 * A sign-in flood (issue 12, attack 1): 32 parallel sign-ins once starved the
 * server, because password hashing and file reads share libuv's few threads.
 * Now at most a few hash at once and the rest wait briefly or get 503, so
 * the kiosk keeps being served while the flood is still in flight.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enroll, pushVisit, signInAs } from '../support/attack-kit';
import { startProduct, type RunningProduct } from '../support/product';

let product: RunningProduct;
let token: string;
beforeAll(async () => {
  product = await startProduct({ TRUST_PROXY: '1' });
  token = (await enroll(product, product.demoCode)).token!;
});
afterAll(async () => {
  await product?.stop();
});

describe('a sign-in flood', () => {
  it('leaves kiosk pushes and the kiosk page answering while 32 sign-ins are in flight', async () => {
    let settled = 0;
    // Every sign-in from its own address and account, so no throttle turns them away before hashing.
    const flood = Array.from({ length: 32 }, (_, i) =>
      signInAs(product, `flood-${i}`, 'wrong password', `172.16.0.${i + 1}`).then(async (res) => {
        settled++;
        await res.body?.cancel();
        return res.status;
      }),
    );
    const push = await pushVisit(product, token);
    const settledAtPush = settled;
    const page = await fetch(`${product.url}/`);
    const settledAtPage = settled;
    expect(push.status).toBe(200);
    expect(page.status).toBe(200);
    // The kiosk was answered before the flood had drained.
    expect(Math.min(settledAtPush, settledAtPage)).toBeLessThan(32);
    const statuses = await Promise.all(flood);
    // Each sign-in was either checked (401) or told the server is busy (503), none failed otherwise.
    expect(statuses.every((s) => s === 401 || s === 503)).toBe(true);
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThanOrEqual(2);
  });

  it('tells a turned-away sign-in to retry in a moment, with a stable code', async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        signInAs(product, `burst-${i}`, 'wrong password', `172.17.0.${i + 1}`).then(async (res) => ({
          status: res.status,
          retryAfter: res.headers.get('retry-after'),
          body: (await res.json()) as { code: string },
        })),
      ),
    );
    const busy = answers.filter((a) => a.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    expect(busy.every((a) => a.body.code === 'server_busy' && a.retryAfter === '1')).toBe(true);
  });
});
