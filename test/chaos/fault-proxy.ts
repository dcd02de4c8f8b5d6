/**
 * An HTTP proxy between kiosks and the server that injects faults into sync
 * requests: refused connections, 500/503 answers, delays, a connection cut
 * after the server committed (the answer is lost), and truncated answers.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Random } from './prng';

export type Fault = 'refuse' | 'status500' | 'status503' | 'delay' | 'cutAfterCommit' | 'truncate';

export interface FaultProxy {
  url: string;
  /** Where requests go; changes when the server restarts on a new port. */
  setTarget(port: number): void;
  setFaultRate(rate: number): void;
  counts: Record<Fault | 'upstreamDown', number>;
  close(): Promise<void>;
}

const FAULTS: Fault[] = ['refuse', 'status500', 'status503', 'delay', 'cutAfterCommit', 'truncate'];

/** Starts the proxy on 127.0.0.1; only /api/v1/sync/* requests are faulted. */
export async function startFaultProxy(random: Random, targetPort: number): Promise<FaultProxy> {
  let target = targetPort;
  let rate = 0;
  const counts = Object.fromEntries([...FAULTS, 'upstreamDown'].map((f) => [f, 0])) as FaultProxy['counts'];

  function forward(
    req: IncomingMessage,
    body: Buffer,
    onAnswer: (res: IncomingMessage, data: Buffer) => void,
    onDown: () => void,
  ) {
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
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const faulty = req.url?.startsWith('/api/v1/sync/') && random.chance(rate);
      const fault = faulty ? random.pick(FAULTS) : null;
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
    setTarget: (port) => void (target = port),
    setFaultRate: (r) => void (rate = r),
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
