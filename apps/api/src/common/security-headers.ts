import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Helmet's security headers for the API and the web client it serves. Over plain http (a workshop
 * laptop at http://192.168.1.20:3000) a browser must not be told to fetch everything over https:
 * `upgrade-insecure-requests` rewrites every script and stylesheet to https and the page stays
 * blank, and HSTS would pin the address to https for a year. Both are sent only when PUBLIC_URL is
 * https (the `Secure` cookie flag follows the same rule: COOKIE_SECURE's default).
 */
export function securityHeaders(publicUrl: string): RequestHandler {
  const https = new URL(publicUrl).protocol === 'https:';
  return helmet({
    contentSecurityPolicy: {
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'media-src': ["'self'", 'blob:'],
        // socket.io on the same origin only ('self' covers ws/wss in CSP3; the explicit entry is for older browsers).
        'connect-src': ["'self'", websocketOrigin(publicUrl)],
        'upgrade-insecure-requests': https ? [] : null,
      },
    },
    strictTransportSecurity: https,
  });
}

/** The websocket form of the public address (http → ws, https → wss), for the CSP. */
function websocketOrigin(publicUrl: string): string {
  const u = new URL(publicUrl);
  return `${u.protocol === 'https:' ? 'wss:' : 'ws:'}//${u.host}`;
}
