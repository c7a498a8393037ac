import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type ErrorRequestHandler, type Express, type RequestHandler, type Router } from 'express';
import helmet from 'helmet';
import expressStaticGzip from 'express-static-gzip';
import { AppError, badRequest, forbidden, notFound, toAppError } from '../errors.js';
import type { Logger } from '../logger.js';
import { sessionMiddleware, type Authenticator } from './authenticate.js';
import { isCrossSite } from './origin.js';

export const MAX_JSON_BODY = '100kb';

/** Refuses cross-site state changes: a browser always sends Origin on those. */
const sameOrigin: RequestHandler = (req, _res, next) => {
  if (req.method === 'GET' || req.method === 'HEAD') return next();
  if (isCrossSite(req)) return next(forbidden('Cross-site request refused.'));
  next();
};

/**
 * Security headers (helmet) with a strict Content-Security-Policy: scripts only from
 * our origin, no plugins, never framed by another site; the only frames it may hold are
 * `frameOrigins` (a roundtable's embedded Jitsi call). Styles allow inline: the editor
 * injects its base styles and carets carry their colour in a style attribute.
 */
function securityHeaders(cookieSecure: boolean, frameOrigins: readonly string[]): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // without a frame origin, frames fall back to default-src ('self') as before
        ...(frameOrigins.length ? { frameSrc: [...frameOrigins] } : {}),
        // only where the site is served over HTTPS; on plain HTTP it would break every request
        ...(cookieSecure ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'same-origin' },
    frameguard: { action: 'deny' },
    strictTransportSecurity: cookieSecure ? { maxAge: 180 * 24 * 3600 } : false,
  });
}

const EXTENSION: Record<string, string> = { br: '.br', gzip: '.gz' };

/** A file and the encodings of the copies beside it (`.br`, `.gz`, written at build time), best first. */
function precompressed(file: string): { file: string; encodings: string[] } {
  return { file, encodings: Object.keys(EXTENSION).filter((e) => existsSync(`${file}${EXTENSION[e]}`)) };
}

/** A missing hashed file is a 404, not the app's index.html under a script's name. */
const missingAsset: RequestHandler = (_req, _res, next) => next(notFound('Asset'));

/** Express app: JSON API under /api, the production client (when built) everywhere else. */
export function createExpress(deps: {
  sessions: Authenticator;
  cookieSecure: boolean;
  logger: Logger;
  routers: Router[];
  clientDist: string | undefined;
  /** Origins the pages may frame (the embedded Jitsi call); none by default. */
  frameOrigins?: readonly string[];
}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(securityHeaders(deps.cookieSecure, deps.frameOrigins ?? []));

  const api = express.Router();
  api.use(sameOrigin);
  api.use(express.json({ limit: MAX_JSON_BODY }));
  api.use(sessionMiddleware(deps.sessions, deps.cookieSecure));
  for (const router of deps.routers) api.use(router);
  api.use((_req, _res, next) => next(notFound('Route')));
  app.use('/api', api);

  const dist = deps.clientDist;
  if (dist && existsSync(path.join(dist, 'index.html'))) {
    // hashed build output: never changes under its name, precompressed (.br, .gz) at build time
    app.use(
      '/assets',
      expressStaticGzip(path.join(dist, 'assets'), {
        enableBrotli: true,
        orderPreference: ['br', 'gzip'],
        index: false,
        serveStatic: { immutable: true, maxAge: '1y' },
      }),
      missingAsset,
    );
    app.use(express.static(dist, { index: false, maxAge: '1h' }));
    // the page itself is no-cache (fetched on every visit): sent as its precompressed copy too
    const page = precompressed(path.join(dist, 'index.html'));
    app.get(/^\/(?!api\/|collab\/|socket\.io\/).*/, (req, res) => {
      // ours first (brotli is smaller), not the browser's order: Chromium lists "gzip, deflate, br"
      const encoding = page.encodings.find((e) => req.acceptsEncodings(e) === e);
      res.set('Cache-Control', 'no-cache').vary('Accept-Encoding');
      if (encoding) {
        res.set('Content-Encoding', encoding).type('html').sendFile(`${page.file}${EXTENSION[encoding]}`);
      } else res.sendFile(page.file);
    });
  }

  // anything else is our own 404 (with our headers), not Express's bare one
  app.use((_req, _res, next) => next(notFound('Page')));

  const onError: ErrorRequestHandler = (error: unknown, req, res, _next) => {
    const appError = bodyParserError(error) ?? toAppError(error);
    if (appError.status >= 500) deps.logger.error({ err: error, path: req.path }, 'request failed');
    if (appError.retryAfter) res.set('Retry-After', String(appError.retryAfter));
    res.status(appError.status).json({ error: appError.toJSON() });
  };
  app.use(onError);
  return app;
}

/** express.json() throws its own errors for bad JSON and oversized bodies; the router its own for bad escapes. */
function bodyParserError(error: unknown): AppError | undefined {
  // e.g. /api/rooms/%E0%A4%A: the router cannot decode the parameter
  if (error instanceof URIError) return badRequest('The address contains an invalid %-escape.');
  const e = error as { type?: string; status?: number };
  if (e?.type === 'entity.too.large')
    return new AppError(413, 'payload_too_large', `Request body is larger than ${MAX_JSON_BODY}.`);
  if (e?.type === 'entity.parse.failed') return badRequest('Request body is not valid JSON.');
  if (e?.type && e.status && e.status < 500) return badRequest('Request body could not be read.');
  return undefined;
}
