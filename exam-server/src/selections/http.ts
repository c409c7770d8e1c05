import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { ExamError, nulPath, ownRegistrationSchema, registrationFormSchema, replaceRegistrationSchema, selectionIdSchema, type SelectionStep } from '@exam/shared';
import type { ServerContext } from '../context';
import { isLoopback } from '../devices/limits';
import { findSelection, postsOf } from './store';
import { nulRefusal, schemaRefusal } from '../realtime/requests';
import { lookUpRegistration, register, replaceRegistration, withdrawRegistration } from './registration';

/** Attempts with a slip's secret per address and minute: a secret is 80 bits, this only keeps the log and the processor quiet. */
const SECRET_ATTEMPTS_PER_MINUTE = 30;
/** New registrations per address and minute: a registration desk types far fewer; a script filling the list does not get far. */
const REGISTRATIONS_PER_MINUTE = 20;
/** The largest body the registration API reads: a form is a few kilobytes. */
const MAX_BODY_BYTES = 32 * 1024;

/**
 * The registration page's API: public, as the page is meant for a registration desk or the
 * intranet. Every body is checked against its schema in `shared` before anything else.
 */
export function mountRegistration(app: Hono, ctx: () => ServerContext): void {
  app.use(
    '/api/selections/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new ExamError('payload-too-large', `a body of the registration API is at most ${MAX_BODY_BYTES} bytes`);
      },
    }),
  );
  const addressOf = (c: { env: unknown }) => (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket.remoteAddress ?? '';
  const limitBy = (scope: string, max: number) => async (c: { env: unknown }) => {
    const address = addressOf(c);
    if (!(ctx().limits.exemptLoopback && isLoopback(address)) && (await ctx().hits(scope, 60_000).add(address, Date.now())) > max) {
      throw new ExamError('too-many-attempts', 'too many attempts from this address: wait a minute');
    }
  };
  const limit = limitBy('registration-secret-by-address', SECRET_ATTEMPTS_PER_MINUTE);
  const limitRegistrations = limitBy('registrations-by-address', REGISTRATIONS_PER_MINUTE);
  const body = async <S extends z.ZodType>(c: { req: { json: () => Promise<unknown>; header: (name: string) => string | undefined } }, schema: S): Promise<z.output<S>> => {
    // Only as JSON: a page of another site can post text/plain or a form without asking, never JSON
    // (the browser asks first, and this server answers no such question).
    if (!/^application\/json\s*(;|$)/i.test(c.req.header('content-type') ?? '')) {
      throw new ExamError('bad-request', 'the body is sent as application/json', [{ message: 'send the body with Content-Type: application/json', zh: '请求须以 application/json 发送' }]);
    }
    const raw = await c.req.json().catch(() => {
      throw new ExamError('bad-request', 'the body is not JSON');
    });
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      throw schemaRefusal('the body', schema, raw);
    }
    const nul = nulPath(parsed.data);
    if (nul !== null) throw nulRefusal('the body', nul);
    return parsed.data;
  };
  const selectionParam = (c: { req: { param: (k: string) => string } }) => {
    const id = selectionIdSchema.safeParse(c.req.param('id'));
    if (!id.success) throw new ExamError('not-found', 'no such selection');
    return id.data;
  };

  /** The published list of posts, with the registration window and the steps. */
  app.get('/api/selections/:id', async (c) => {
    const s = await findSelection(ctx().db, selectionParam(c));
    return c.json({ id: s.id, title: s.title, registrationOpens: s.registration_opens, registrationCloses: s.registration_closes, steps: JSON.parse(s.steps_json) as SelectionStep[], posts: await postsOf(ctx().db, s.id), serverNow: ctx().now() });
  });
  /** The list of those who qualified, once published: names and posts. */
  app.get('/api/selections/:id/qualified', async (c) => {
    const row = await ctx().db.selectFrom('qualified_lists').select('list_json').where('selection_id', '=', selectionParam(c)).executeTakeFirst();
    if (!row) throw new ExamError('not-found', 'the list of those who qualify has not been published');
    return c.json(JSON.parse(row.list_json) as unknown);
  });
  app.post('/api/selections/:id/registrations', async (c) => {
    await limitRegistrations(c);
    const form = await body(c, registrationFormSchema);
    return c.json(await register(ctx(), selectionParam(c), form), 201);
  });
  app.post('/api/selections/:id/registrations/replace', async (c) => {
    await limit(c);
    const b = await body(c, replaceRegistrationSchema.omit({ selectionId: true }));
    return c.json(await replaceRegistration(ctx(), selectionParam(c), b.idNumber, b.secret, b.form), 201);
  });
  app.post('/api/selections/:id/registrations/withdraw', async (c) => {
    await limit(c);
    const b = await body(c, ownRegistrationSchema.omit({ selectionId: true }));
    return c.json(await withdrawRegistration(ctx(), selectionParam(c), b.idNumber, b.secret));
  });
  app.post('/api/selections/:id/registrations/lookup', async (c) => {
    await limit(c);
    const b = await body(c, ownRegistrationSchema.omit({ selectionId: true }));
    return c.json(await lookUpRegistration(ctx(), selectionParam(c), b.idNumber, b.secret));
  });
}
