/**
 * Slow and many connections (issue 12, attack 4) against `npm start` with short
 * deadlines: slow bodies and slow headers are cut, a refused body closes its
 * connection, the connection cap holds, and aborted requests write no stack traces.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawConnection, sleep, type RawConnection } from '../support/attack-kit';
import { startProduct, type RunningProduct } from '../support/product';

let product: RunningProduct;
beforeAll(async () => {
  product = await startProduct({
    REQUEST_TIMEOUT_MS: '2000',
    HEADERS_TIMEOUT_MS: '1000',
    MAX_CONNECTIONS: '40',
  });
});
afterAll(async () => {
  await product?.stop();
});

const host = () => new URL(product.url).host;

/** Starts a POST whose body then trickles in a byte at a time; answers the connection. */
async function slowBody(path = '/api/v1/enroll'): Promise<RawConnection> {
  const conn = await rawConnection(product);
  conn.socket.write(
    `POST ${path} HTTP/1.1\r\nHost: ${host()}\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{`,
  );
  const drip = setInterval(() => (conn.isClosed() ? clearInterval(drip) : conn.socket.write(' ')), 300);
  void conn.closed.then(() => clearInterval(drip));
  return conn;
}

describe('connections', () => {
  it('cuts slowly sent bodies at the request deadline', async () => {
    const start = Date.now();
    const conns = await Promise.all(Array.from({ length: 20 }, () => slowBody()));
    const closedAt = await Promise.all(conns.map((c) => c.closed));
    expect(Math.max(...closedAt) - start).toBeLessThan(8000);
  });

  it('cuts slowly sent headers at the header deadline', async () => {
    const conn = await rawConnection(product);
    const start = Date.now();
    conn.socket.write(`GET /api/v1/health HTTP/1.1\r\nHost: ${host()}\r\n`);
    const drip = setInterval(() => !conn.isClosed() && conn.socket.write('X-Slow: 1\r\n'), 200);
    await conn.closed;
    clearInterval(drip);
    expect(Date.now() - start).toBeLessThan(5000);
  });

  it('closes the connection after refusing a too-large body with 413', async () => {
    const conn = await rawConnection(product);
    const body = '{"code":"' + '1'.repeat(40_000) + '"}';
    conn.socket.write(
      `POST /api/v1/enroll HTTP/1.1\r\nHost: ${host()}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    conn.socket.write(body.slice(0, 1000));
    await Promise.race([conn.closed, sleep(3000)]);
    expect(conn.received()).toMatch(/^HTTP\/1\.1 413/);
    expect(conn.received().toLowerCase()).toContain('connection: close');
    expect(conn.isClosed()).toBe(true);
  });

  it('drops connections past the cap and serves again once they are gone', async () => {
    const conns = await Promise.all(Array.from({ length: 60 }, () => rawConnection(product)));
    await sleep(300);
    expect(conns.filter((c) => c.isClosed()).length).toBeGreaterThanOrEqual(15);
    for (const c of conns) c.socket.destroy();
    await sleep(300);
    expect((await fetch(`${product.url}/api/v1/health`)).status).toBe(200);
  });

  it('writes no stack trace for requests the client aborted', async () => {
    const conns = await Promise.all(Array.from({ length: 20 }, () => slowBody('/api/v1/admin/login')));
    await sleep(300);
    for (const c of conns) c.socket.destroy();
    await sleep(500);
    expect(product.output()).not.toMatch(/prematurely closed|\n\s+at /);
    expect((await fetch(`${product.url}/api/v1/health`)).status).toBe(200);
  });
});
