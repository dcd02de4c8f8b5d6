/**
 * An HTTP proxy between kiosks and the server that injects faults into sync
 * requests: refused connections, 500/503 answers, delays, a connection cut
 * after the server committed (the answer is lost), and truncated answers.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Random } from './prng';

export type Fault = 'refuse' | 'status500' | 'status503' | 'delay' | 'stall' | 'cutAfterCommit' | 'truncate';

/** What the proxy saw of pushes, for tests that check who pushed what, and when. */
export interface PushLog {
  /** Most pushes in flight at once. */
  maxConcurrent: number;
  /** How many times each record id was pushed. */
  pushesById: Map<string, number>;
}

export interface FaultProxy {
  url: string;
  pushes: PushLog;
  /** Holds every push this long before forwarding it, to widen race windows. */
  setPushDelay(ms: number): void;
  /** Where requests go; changes when the server restarts on a new port. */
  /** Where requests go from now on: one server, or several taken in turn. */
  setTarget(port: number | number[]): void;
  /** Faults this share of sync requests, picking among `kinds` (all by default). */
  setFaultRate(rate: number, kinds?: Fault[]): void;
  counts: Record<Fault | 'upstreamDown', number>;
  /** How long a `stall` holds a request before passing it on (set it above the client's timeout). */
  setStall(ms: number): void;
  close(): Promise<void>;
}

const FAULTS: Fault[] = ['refuse', 'status500', 'status503', 'delay', 'stall', 'cutAfterCommit', 'truncate'];

/** Starts the proxy on 127.0.0.1; only /api/v1/sync/* requests are faulted. */
export async function startFaultProxy(random: Random, targetPort: number | number[]): Promise<FaultProxy> {
  // Several targets are taken in turn (a round-robin load balancer in front of server processes).
  let targets = Array.isArray(targetPort) ? targetPort : [targetPort];
  let turn = 0;
  let rate = 0;
  let kinds: Fault[] = FAULTS;
  let pushDelay = 0;
  let stallMs = 2500;
  let inFlight = 0;
  const pushes: PushLog = { maxConcurrent: 0, pushesById: new Map() };
  const counts = Object.fromEntries([...FAULTS, 'upstreamDown'].map((f) => [f, 0])) as FaultProxy['counts'];

  function forward(
    req: IncomingMessage,
    body: Buffer,
    onAnswer: (res: IncomingMessage, data: Buffer) => void,
    onDown: () => void,
  ) {
    const target = targets[turn++ % targets.length]!;
    const up = request(
      {
        host: '127.0.0.1',
        port: target,
        path: req.url,
        method: req.method,
        headers: { ...req.headers, host: `127.0.0.1:${target}` },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => onAnswer(res, Buffer.concat(chunks)));
        res.on('error', onDown);
      },
    );
    up.on('error', onDown);
    up.end(body);
  }

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      if (req.url === '/api/v1/sync/push') {
        inFlight++;
        pushes.maxConcurrent = Math.max(pushes.maxConcurrent, inFlight);
        res.on('close', () => inFlight--);
        try {
          for (const c of (JSON.parse(body.toString()) as { changes: { record: { id: string } }[] }).changes) {
            pushes.pushesById.set(c.record.id, (pushes.pushesById.get(c.record.id) ?? 0) + 1);
          }
        } catch {
          // Not ours to judge; the server will answer it.
        }
        if (pushDelay) await new Promise((r) => setTimeout(r, pushDelay));
      }
      const faulty = req.url?.startsWith('/api/v1/sync/') && random.chance(rate);
      const fault = faulty ? random.pick(kinds) : null;
      if (fault) counts[fault]++;
      const down = () => {
        counts.upstreamDown++;
        res.socket?.destroy();
      };
      const pass = (up: IncomingMessage, data: Buffer) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        res.end(data);
      };
      switch (fault) {
        case 'refuse':
          return res.socket?.destroy();
        case 'status503':
          return res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"overloaded"}');
        case 'status500':
          // The server did the work; the kiosk hears an error anyway.
          return forward(
            req,
            body,
            () => res.writeHead(500, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>'),
            down,
          );
        case 'delay':
          return void setTimeout(() => forward(req, body, pass, down), random.int(400));
        case 'stall':
          // Longer than the client waits: it gives up, then the server commits anyway.
          return void setTimeout(() => forward(req, body, pass, down), stallMs);
        case 'cutAfterCommit':
          return forward(req, body, () => res.socket?.destroy(), down);
        case 'truncate':
          return forward(
            req,
            body,
            (up, data) => {
              const headers = { ...up.headers };
              delete headers['content-length'];
              res.writeHead(up.statusCode ?? 200, headers);
              res.write(data.subarray(0, Math.floor(data.length / 2)));
              res.socket?.destroy();
            },
            down,
          );
        default:
          return forward(req, body, pass, down);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    pushes,
    setPushDelay: (ms) => void (pushDelay = ms),
    setStall: (ms) => void (stallMs = ms),
    setTarget: (port) => void (targets = Array.isArray(port) ? port : [port]),
    setFaultRate: (r, k = FAULTS) => {
      rate = r;
      kinds = k;
    },
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
