/** What the security suite attacks with: plain HTTP calls as an attacker's script makes them, and raw sockets. */
import { connect, type Socket } from 'node:net';
import { pushBody, visit } from './fixtures';
import type { RunningProduct } from './product';

/** A sign-in as a script would send it; `from` is the client address a trusted proxy reports. */
export function signInAs(product: RunningProduct, username: string, password: string, from?: string) {
  return fetch(`${product.url}/api/v1/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(from ? { 'x-forwarded-for': from } : {}) },
    body: JSON.stringify({ username, password }),
  });
}

/** Signs in as the first run's admin; answers the cookie to send back. */
export async function adminCookie(product: RunningProduct, from?: string): Promise<string> {
  const res = await signInAs(product, product.adminUser, product.adminPassword, from);
  if (res.status !== 200) throw new Error(`sign-in answered ${res.status}: ${await res.text()}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

/** Enrolls a kiosk with a code; answers the HTTP status and, on success, the device token. */
export async function enroll(product: RunningProduct, code: string, from?: string) {
  const res = await fetch(`${product.url}/api/v1/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(from ? { 'x-forwarded-for': from } : {}) },
    body: JSON.stringify({ code, deviceName: 'kiosk' }),
  });
  const body = (await res.json()) as { token?: string; deviceId?: string; code?: string };
  return { status: res.status, retryAfter: res.headers.get('retry-after'), ...body };
}

/** Pushes one visit (with a phone) as a kiosk. */
export function pushVisit(product: RunningProduct, token: string, phone: string | null = '13912345678') {
  return fetch(`${product.url}/api/v1/sync/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(pushBody([visit(['rest'], phone)])),
  });
}

/** A raw TCP connection to the product, with everything it received and whether the server closed it. */
export interface RawConnection {
  socket: Socket;
  received: () => string;
  closed: Promise<number>;
  isClosed: () => boolean;
}

/** Opens a raw connection; `closed` resolves with the time the server hung up. */
export function rawConnection(product: RunningProduct): Promise<RawConnection> {
  const { hostname, port } = new URL(product.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let data = '';
    let closedAt = 0;
    const closed = new Promise<number>((r) =>
      socket.on('close', () => {
        closedAt = Date.now();
        r(closedAt);
      }),
    );
    socket.on('data', (d) => (data += d.toString()));
    socket.on('error', () => undefined);
    socket.once('connect', () => resolve({ socket, received: () => data, closed, isClosed: () => closedAt > 0 }));
    socket.once('error', reject);
  });
}

/** Resolves after `ms`. */
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
