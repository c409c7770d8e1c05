import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { relative, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { ExamError, PROTOCOL_VERSION, httpStatusOf, type Challenge } from '@exam/shared';
import type { ServerContext } from '../context';
import { loadSealedFile } from '../papers/store';
import { indexPage } from './index-page';
import { NOT_THE_VENUE_TEXT } from './venue-host';
import type { IncomingMessage } from 'node:http';
import { isLoopback } from '../devices/limits';
import { mountRegistration } from '../selections/http';
import { mountEvaluationBoard } from '../evaluation/evaluations';
import { mountNotices } from '../notices/http';

export interface AppOptions {
  /** Folders of the built apps; absent in tests that need only the API. */
  kioskDist?: string;
  deskDist?: string;
  certificateFingerprint?: string;
  /** Whether a `Host` names this server (venue-host.ts); every request naming another is refused. */
  isVenueHost?: (host: string | undefined) => boolean;
}

/** Security headers for every page: no framing, no sniffing, scripts and connections only to this server. */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'";

export function createApp(ctx: () => ServerContext, opts: AppOptions) {
  const app = new Hono();
  // Before anything else: a request through someone else's name (DNS rebinding) gets nothing but a word of why.
  app.use('*', async (c, next) => {
    if (opts.isVenueHost && !opts.isVenueHost(c.req.header('host'))) {
      return c.text(`${NOT_THE_VENUE_TEXT.zh} · ${NOT_THE_VENUE_TEXT.en}`, 421, { 'Cache-Control': 'no-store', 'X-Frame-Options': 'DENY', 'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'" });
    }
    await next();
  });
  app.use('*', async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Content-Security-Policy', CSP);
    // For browsers that predate frame-ancestors: no page of the venue is ever shown inside another.
    c.header('X-Frame-Options', 'DENY');
    c.header('Cache-Control', c.req.path.startsWith('/api/') ? 'no-store' : 'no-cache');
  });
  app.onError((err, c) => {
    if (err instanceof ExamError) return c.json({ error: err.toBody() }, httpStatusOf(err.code) as 400);
    console.error('http:', err);
    return c.json({ error: { code: 'internal', message: 'the server could not do this; it has been logged' } }, 500);
  });
  // Browsers ask for an icon on every page; the venue has none, and says so without an error.
  app.get('/favicon.ico', (c) => c.body(null, 204, { 'Cache-Control': 'max-age=86400' }));
  app.notFound((c) => c.json({ error: { code: 'not-found', message: `nothing at ${c.req.path}` } }, 404));

  app.get('/api/health', (c) => c.json({ ok: true, protocol: PROTOCOL_VERSION, serverTime: Date.now() }));
  // Challenges are the one thing a stranger can ask for: bounded per address (the store itself is bounded too).
  app.get('/api/auth/challenge', async (c) => {
    const address = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket.remoteAddress ?? '';
    const { limits } = ctx();
    if (!(limits.exemptLoopback && isLoopback(address)) && (await ctx().hits('challenges-by-address', 60_000).add(address, Date.now())) > limits.challengesPerAddressPerMinute) {
      throw new ExamError('too-many-attempts', 'too many connection attempts from this address: wait a minute');
    }
    const { challenge, expiresInMs } = ctx().challenges.issue(ctx().now());
    const body: Challenge = { challenge, expiresInMs, serverTime: Date.now(), protocol: PROTOCOL_VERSION };
    return c.json(body);
  });
  app.get('/api/server', (c) =>
    c.json({ protocol: PROTOCOL_VERSION, serverKey: ctx().serverKey.publicKeyBase64, serverKeyFingerprint: ctx().serverKey.fingerprint, certificateFingerprint: opts.certificateFingerprint ?? null }),
  );
  /** The sealed paper is ciphertext and public: kiosks fetch it well before the start. */
  app.get('/api/sessions/:id/sealed-paper', async (c) => {
    const live = ctx().live.get(c.req.param('id'));
    if (!live) throw new ExamError('not-found', 'no such session');
    const { file, hash } = await loadSealedFile(ctx().db, live.session.paper_id);
    c.header('X-Sealed-Hash', hash);
    return c.json(file);
  });
  mountRegistration(app, ctx);
  mountEvaluationBoard(app, ctx);

  const mount = (prefix: string, dist: string | undefined) => {
    if (!dist || !existsSync(dist)) return;
    const root = relative(process.cwd(), resolve(dist)) || '.';
    app.get(`${prefix}`, (c) => c.redirect(`${prefix}/`));
    app.use(`${prefix}/*`, serveStatic({ root, rewriteRequestPath: (p) => p.slice(prefix.length) || '/' }));
    // Single-page apps: any other path under the prefix gets the page.
    app.get(`${prefix}/*`, serveStatic({ root, rewriteRequestPath: () => '/index.html' }));
  };
  mount('/kiosk', opts.kioskDist);
  mount('/desk', opts.deskDist);
  // The public registration page is the desk app's page under a path of its own (its assets load from /desk/).
  if (opts.deskDist && existsSync(opts.deskDist)) {
    const root = relative(process.cwd(), resolve(opts.deskDist)) || '.';
    app.get('/register/:selection', serveStatic({ root, rewriteRequestPath: () => '/index.html' }));
  }
  mountNotices(app, ctx);
  app.get('/', (c) => c.html(indexPage()));
  return app;
}
