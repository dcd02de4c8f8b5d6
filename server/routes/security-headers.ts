/**
 * Security headers on every answer (Hono's secureHeaders): a CSP the kiosk and
 * the console pass as built (same-origin scripts, styles and workers; images
 * from data:/blob: for QR codes and downloads; no framing), nosniff,
 * no referrer, camera for this origin only (the QR scanner). HSTS only over
 * HTTPS: over plain HTTP a browser ignores it anyway.
 */
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

type SecureHeadersOptions = NonNullable<Parameters<typeof secureHeaders>[0]>;
import { isSecureRequest, type NetworkTrust } from '../auth/client-address';

const SELF = ["'self'"];

/** The CSP as one string, for tests and the README. */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: SELF,
  scriptSrc: SELF,
  styleSrc: SELF,
  imgSrc: [...SELF, 'data:', 'blob:'],
  mediaSrc: [...SELF, 'blob:'],
  connectSrc: SELF,
  workerSrc: SELF,
  manifestSrc: SELF,
  fontSrc: SELF,
  objectSrc: ["'none'"],
  baseUri: SELF,
  formAction: SELF,
  frameAncestors: ["'none'"],
};

/** Middleware: the headers above, HSTS added when the request came over HTTPS. */
export function securityHeaders(trust: NetworkTrust): MiddlewareHandler {
  const common: SecureHeadersOptions = {
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    referrerPolicy: 'no-referrer',
    xFrameOptions: 'DENY',
    permissionsPolicy: { camera: ['self'], microphone: [], geolocation: [], payment: [], usb: [] },
  };
  const plain = secureHeaders({ ...common, strictTransportSecurity: false });
  const tls = secureHeaders({ ...common, strictTransportSecurity: 'max-age=31536000' });
  return (c, next) => (isSecureRequest(c, trust) ? tls(c, next) : plain(c, next));
}
