// Builds the Express app from its parts. It never listens: server/main.ts does, and tests start it
// on port 0 the same way.

import path from 'node:path';
import ejs from 'ejs';
import express from 'express';
import helmet from 'helmet';
import type { AppDeps } from './app-deps.ts';
import { createErrorHandler, notFoundHandler } from './error-handler.ts';
import { admissionQueue } from './http-server.ts';
import { createApiRouter } from './routes/api.ts';
import { createPagesRouter, pageLocals } from './routes/pages.ts';
import { checkQueryEncoding } from './routes/query-schema.ts';
import { ROOT_DIR } from './paths.ts';

export const PUBLIC_DIR = path.join(ROOT_DIR, 'public');
export const VIEWS_DIR = path.join(ROOT_DIR, 'views');

/** The API takes no bodies today; anything larger than this is refused before it is read. */
export const JSON_BODY_LIMIT = '16kb';

/**
 * Strict policy: scripts and styles from this site only, no inline code, no framing, forms post
 * here only. Written out in full (helmet's defaults are not used) so that the policy reads in one
 * place; no upgrade-insecure-requests, which would break plain-http local use in some browsers.
 */
export const CONTENT_SECURITY_POLICY = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    // Recordings are played from where the debate's `media` points.
    mediaSrc: ["'self'", 'https:', 'http:'],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    scriptSrcAttr: ["'none'"],
  },
};

/** For every dynamic answer (pages, API, errors); /healthz is no-store. */
export const CACHE_CONTROL = 'no-cache';

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // Arrays from repeated parameters only: "a[b]=c" stays a key named "a[b]" (and is then refused
  // as unknown) instead of becoming a nested object.
  app.set('query parser', 'simple');
  app.set('views', VIEWS_DIR);
  // Named rather than left to Express's require('ejs'), which a bundle (scripts/start.mjs) cannot resolve.
  app.engine('ejs', ejs.renderFile);
  app.set('view engine', 'ejs');
  app.set('env', deps.config.env);
  // Express turns its view cache on from NODE_ENV when the app object is created, not from the
  // 'env' setting: follow the configuration, or every page recompiles its templates.
  app.set('view cache', deps.config.env === 'production');
  // <, > and & in JSON become \u003c…: a reflected "<script>" stays inert even if sniffed as HTML.
  app.set('json escape', true);

  const pinRequest = deps.pinRequest;
  if (pinRequest) app.use((_req, _res, next) => pinRequest(() => next()));
  app.use(helmet({ contentSecurityPolicy: CONTENT_SECURITY_POLICY }));
  app.use(
    '/static',
    express.static(PUBLIC_DIR, { index: false, fallthrough: true, maxAge: deps.config.env === 'production' ? '1h' : 0 }),
  );

  // Pages and API answers change only when the corpus is reloaded: caches may keep them but must
  // revalidate (Express's ETag then answers 304). Health is never cached. Static files keep their max-age.
  app.use((_req, res, next) => {
    res.set('Cache-Control', CACHE_CONTROL);
    next();
  });

  // In a router of its own, like every other route, so that OPTIONS answers with Allow here too.
  const health = express.Router();
  health.get('/healthz', async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    try {
      const health = await deps.engine.health();
      const body: Record<string, unknown> = { status: health.ok ? 'ok' : 'unavailable', engine: health.engine, units: health.documents };
      if (!health.ok && health.message) body.message = health.message;
      if (!health.ok && health.detail) deps.logger.error(`health check: ${health.detail}`);
      res.status(health.ok ? 200 : 503).json(body);
    } catch (error) {
      deps.logger.error(`health check failed: ${error instanceof Error ? error.message : String(error)}`);
      res.status(503).json({ status: 'unavailable', engine: deps.engine.name, units: 0, message: 'the search engine did not answer' });
    }
  });

  app.use(health);
  app.use((req, _res, next) => {
    checkQueryEncoding(req.originalUrl);
    next();
  });
  // Everything but the health check waits its turn (server/http-server.ts).
  app.use(admissionQueue(deps.config.http.maxActiveRequests));
  app.use('/api', express.json({ limit: JSON_BODY_LIMIT }), createApiRouter(deps));
  app.use(createPagesRouter(deps));

  app.use(notFoundHandler);
  app.use(createErrorHandler(deps.logger, { prepareLocals: pageLocals }));
  return app;
}
