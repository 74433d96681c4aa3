import compression from 'compression';
import express, { type NextFunction, type Request, type Response, type RequestHandler } from 'express';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';

// /watch and /embed pages are served by the publishing context (index.html with Open Graph tags),
// /catalogue/<slug> too (old slugs redirect to the organisation's current one).
const SERVER_PATHS = /^\/(api|health|metrics|socket\.io|watch|embed|catalogue)(\/|$)/;
const ALWAYS_REVALIDATED =
  /^(ngsw-worker\.js|ngsw\.json|safety-worker\.js|worker-basic\.min\.js|index\.html|.*\.webmanifest)$/;

/** The builder's content-hashed files (`chunk-B8hDfIAj.js`, `styles-ESO3EJQO.css`): a new build has new names. */
export const HASHED_ASSET = /^(?:chunk|main|polyfills|styles|worker)-[A-Za-z0-9_-]{8}\.(?:js|css)$/;

/**
 * Serves the built Angular client from the API's own port, with the SPA fallback (any GET for a
 * page that is not an API route gets index.html, so deep links and the QR join link work).
 * Compressed (gzip, the `compression` middleware): the app's code is ~350 KB as built and ~95 KB
 * gzipped — what a phone on prepaid data pays before anything shows. API routes are left alone.
 */
export function webClient(dir: string): RequestHandler[] {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) throw new Error(`WEB_DIST=${dir} has no index.html: run "npm run build:web" first`);
  // Hashed files never change: a phone keeps them for a year and does not ask again (a cheap phone
  // on prepaid data re-downloaded ~95 KB, or at least re-asked for ~20 chunks, every hour).
  // The service worker, its list of files and the pages' manifests are checked on every visit
  // (no-cache: asked again, answered 304 when unchanged), or phones would keep an old app.
  // Everything else (translations, icons) is checked again after an hour.
  const assets = express.static(dir, {
    index: false,
    maxAge: '1h',
    setHeaders: (res, path) => {
      const name = basename(path);
      if (ALWAYS_REVALIDATED.test(name)) res.setHeader('Cache-Control', 'no-cache');
      else if (HASHED_ASSET.test(name)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    },
  });
  const fallback = (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'GET' || SERVER_PATHS.test(req.path) || !req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  };
  const compress = compression();
  return [
    (req, res, next) => (SERVER_PATHS.test(req.path) ? next() : compress(req, res, next)),
    (req, res, next) => (SERVER_PATHS.test(req.path) ? next() : assets(req, res, next)),
    fallback,
  ];
}
