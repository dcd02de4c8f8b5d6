/**
 * Bounds on the Node HTTP server object: slow senders are cut at the request
 * and header deadlines, idle kept-alive connections close, and past the cap new
 * connections are dropped, so a flood of sockets cannot take all memory.
 */
import type { Server, ServerOptions } from 'node:http';
import type { ServerLimits } from '../config';

/** Options for http.createServer: the deadlines, checked every second (Node's default is every 30 s). */
export function serverOptions(limits: ServerLimits): ServerOptions {
  return {
    requestTimeout: limits.requestTimeoutMs,
    headersTimeout: limits.headersTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
  };
}

/** Sets what cannot be passed at creation: the connection cap and requests per connection. */
export function applyServerLimits(server: Server, limits: ServerLimits): void {
  server.maxConnections = limits.maxConnections;
  server.maxRequestsPerSocket = limits.maxRequestsPerSocket;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
}
