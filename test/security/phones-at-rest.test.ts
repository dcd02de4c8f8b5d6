/**
 * Phone numbers at rest (issue 12, attack 6): after kiosks pushed visits and the
 * demo registered members, no file of the server's data directory holds a phone
 * number in clear — not the database, not its write-ahead log — while an admin
 * who asks still exports them. (PostgreSQL runs the same store code: the store
 * contract suite covers it.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCookie, enroll, pushVisit } from '../support/attack-kit';
import { startProduct, type RunningProduct } from '../support/product';

const VISIT_PHONE = '13912345678';
// Phones the first run's demo registrations use (server/demo-people.ts).
const DEMO_PHONES = ['13800138001', '13900139002', '13700137003', '13600136004'];

let product: RunningProduct;
beforeAll(async () => {
  product = await startProduct();
  const kiosk = await enroll(product, product.demoCode);
  expect((await pushVisit(product, kiosk.token!, VISIT_PHONE)).status).toBe(200);
});
afterAll(async () => {
  await product?.stop();
});

function dataFiles(): Buffer {
  return Buffer.concat(
    readdirSync(product.dataDir)
      .filter((f) => /\.(db|sqlite)(-wal|-shm)?$/.test(f) || f.endsWith('-wal'))
      .map((f) => readFileSync(join(product.dataDir, f))),
  );
}

describe.skipIf(process.env.E2E_STORE === 'postgres')('phones at rest', () => {
  it('exports the phones to an admin who asks, while the database files hold none of them in clear', async () => {
    const cookie = await adminCookie(product);
    const clear = await fetch(`${product.url}/api/v1/export/visits?format=ndjson&phones=clear`, {
      headers: { cookie },
    });
    expect(clear.status).toBe(200);
    expect(await clear.text()).toContain(VISIT_PHONE);
    const members = await fetch(`${product.url}/api/v1/export/members?format=ndjson&phones=clear`, {
      headers: { cookie },
    });
    expect(members.status).toBe(200);
    expect(await members.text()).toContain(DEMO_PHONES[0]);

    const bytes = dataFiles();
    expect(bytes.length).toBeGreaterThan(10_000);
    for (const phone of [VISIT_PHONE, ...DEMO_PHONES]) {
      expect(bytes.includes(phone), `${phone} in clear in the data directory`).toBe(false);
      // Nor a form a reader would recognise: the last 8 digits together.
      expect(bytes.includes(phone.slice(3)), `${phone}'s last 8 digits in the data directory`).toBe(false);
    }
  });
});
