import './identity/native-hash';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { ExamError } from '@exam/shared';
import { createSecureContext, createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { isPostgresUrl, openDatabase, type Database } from './db/database';
import { runOnClock } from './db/clock';
import { BallotStore } from './evaluation/ballot-store';
import { PostgresBallotBox } from './evaluation/ballot-store-postgres';
import { secureDataFolder } from './db/data-folder';
import { answerPresence } from './devices/presence';
import { DeviceRegistry } from './devices/registry';
import { ChallengeStore, SpentInMemory, SpentInPostgres } from './devices/challenges';
import { soleLeader } from './cluster/leader';
import { PaperEntriesInMemory, type PaperEntries } from './evaluation/paper-entries';
import { hitsInMemory, hitsInPostgres, type HitCounter } from './devices/hit-counter';
import { loadServerKey } from './identity/server-key';
import { OpenedFiles } from './papers/store';
import { settleClosedBallots } from './evaluation/evaluations';
import { readyForVoting } from './evaluation/casting';
import { BallotTexts } from './evaluation/ballot-texts';
import { BackupWriter } from './backup/writer';
import { backupKeyCode, loadBackupKey } from './backup/key';
import { MemoryShareKeeper, type ShareKeeper } from './papers/share-vault';
import { AnswerWriter } from './answers/writer';
import { KioskBindings } from './answers/bindings';
import { SeatBoard } from './desk/seat-board';
import { LiveSessions } from './sessions/live';
import { startTimeKeeper } from './sessions/scheduler';
import { createApp, type AppOptions } from './http/app';
import { venueHosts } from './http/venue-host';
import { createIo, wireIo } from './realtime/io';
import { loadVenueCertificate, type VenueCertificate } from './transport/certificate';
import type { ServerContext } from './context';
import { VerifyPool } from './identity/verify-pool';
import { DEFAULT_LIMITS, type Limits } from './devices/limits';
import { DeskCodeGuard, newDeskCode } from './devices/desk-code';

export interface ServerOptions {
  /** The server's keys and certificate, and the SQLite database unless `database` names another. */
  dataDir: string;
  /** A PostgreSQL connection string (`postgres://…`) to keep the data there instead of `exam.db` in the data folder (docs/postgresql.md). */
  database?: string;
  /** Plain HTTP, on localhost only. 0 picks a free port. */
  httpPort?: number;
  /** HTTPS on the LAN with the venue certificate; false for none (tests on localhost). */
  httpsPort?: number | false;
  httpsHost?: string;
  apps?: Pick<AppOptions, 'kioskDist' | 'deskDist'>;
  now?: () => number;
  /**
   * Run the exam's clock (automatic hand-in at time-up). Off for the CLI's one-off readers
   * (export, publish), which must never act on the exam beside a running server.
   */
  keepTime?: boolean;
  /** Bounds on what unadmitted and misbehaving clients can do (devices/limits.ts). */
  limits?: Partial<Limits>;
  /** Where entered shares are held: this process's memory unless given (the primary's, under --processes). */
  shareKeeper?: ShareKeeper;
  /** On PostgreSQL: carry the broadcasts between processes over this Redis (redis://host:6379) instead of PostgreSQL (docs/processes.md). */
  redis?: string;
  /** Where paper ballots wait for their second teller: this process's memory unless given (the primary's, under --processes). */
  paperEntries?: PaperEntries;
  /**
   * The size of each shared buffer ballots' texts are written into (evaluation/ballot-texts.ts): 4 MB
   * unless given. Tests give a few kilobytes, so that buffers are used again every few ballots.
   */
  ballotBufferBytes?: number;
  /** Told when this process starts or stops keeping the exam clock, on PostgreSQL (cluster/leader.ts). */
  onLeadership?: (leading: boolean) => void;
  /** Encrypted backups to this folder every `everyMinutes` and at the end of each phase (docs/backups.md). */
  backup?: { folder: string; everyMinutes: number; keep?: number };
  /**
   * Phone voting (off unless given): phones vote over HTTPS under `host` only, with this
   * certificate and key (PEM) — one the phones already trust, for that name. Never over plain HTTP.
   */
  phones?: { host: string; cert: string; key: string };
}

export interface RunningServer {
  ctx: ServerContext;
  httpUrl: string;
  httpsUrl: string | null;
  certificate: VenueCertificate | null;
  /** The backup key's printed code when backups were switched on for the first time (shown once). */
  newBackupKeyCode: string | null;
  close(): Promise<void>;
}

async function deskCodeOf(ctx: Pick<ServerContext, 'db'>): Promise<string> {
  // Made once: of several processes starting at once, one insert wins and every one reads it.
  await ctx.db.insertInto('settings').values({ key: 'desk-code', value: newDeskCode() }).onConflict((oc) => oc.column('key').doNothing()).execute();
  return (await ctx.db.selectFrom('settings').select('value').where('key', '=', 'desk-code').executeTakeFirstOrThrow()).value;
}

/**
 * The data folder made safe, and the database opened: the SQLite file `exam.db` in the folder, or the
 * PostgreSQL database `database` names.
 */
export async function openStore(dataDir: string, database?: string): Promise<Database> {
  // A typo (postgress://, a file path) must not quietly leave the data in a SQLite file instead.
  if (database !== undefined && database !== '' && !isPostgresUrl(database)) throw new ExamError('bad-request', `--database takes a PostgreSQL connection string (postgres://user:password@host:5432/name), not “${String(database).slice(0, 60)}”; without it the data is kept in the data folder's SQLite file`);
  const dbFile = join(dataDir, 'exam.db');
  secureDataFolder(dataDir, isPostgresUrl(database) ? null : dbFile);
  return openDatabase(isPostgresUrl(database) ? database : dbFile);
}

/**
 * What every process of one server must share, made once before they start (cluster/processes.ts):
 * the database migrated, the server key, the venue certificate and the desk access code. Returns
 * what the banner shows.
 */
export async function prepareStore(opts: Pick<ServerOptions, 'dataDir' | 'database' | 'httpsPort'>): Promise<{ database: string; deskCode: string; serverKey: string; certificate: string | null }> {
  const database = await openStore(opts.dataDir, opts.database);
  try {
    const certificate = opts.httpsPort === false ? null : await loadVenueCertificate(opts.dataDir);
    return { database: database.where, deskCode: await deskCodeOf(database), serverKey: loadServerKey(opts.dataDir).fingerprint, certificate: certificate?.fingerprint ?? null };
  } finally {
    await database.close();
  }
}

const listen = (srv: HttpServer | TlsServer, port: number, host: string) =>
  new Promise<number>((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(port, host, () => resolve((srv.address() as AddressInfo).port));
  });

/**
 * Starts the exam server: one HTTP server (Hono and socket.io) reached over plain HTTP on
 * localhost and over TLS on the LAN, the TLS listener handing its decrypted connections to the
 * same HTTP server, so both see one socket.io and one state.
 */
export async function startExamServer(opts: ServerOptions): Promise<RunningServer> {
  if (opts.phones && opts.httpsPort === false) throw new ExamError('bad-request', 'phone voting needs HTTPS: phones never vote over plain HTTP');
  if (opts.redis && !isPostgresUrl(opts.database)) throw new ExamError('bad-request', '--redis carries broadcasts between the processes of one PostgreSQL database: give --database postgres://… too');
  if (opts.redis && !/^rediss?:\/\/[^\s]+$/.test(opts.redis)) throw new ExamError('bad-request', '--redis is a Redis address: redis://host:6379');
  if (opts.backup && isPostgresUrl(opts.database)) throw new ExamError('bad-request', 'backups to a folder are of the SQLite file: a PostgreSQL database is backed up by PostgreSQL (docs/postgresql.md)');
  const database = await openStore(opts.dataDir, opts.database);
  // The log's entries take the server's time (its clock may be set for a test or the demonstration's past).
  runOnClock(database.db, opts.now ?? Date.now);
  const certificate = opts.httpsPort === false ? null : await loadVenueCertificate(opts.dataDir);
  let ctx!: ServerContext;
  const limits: Limits = { ...DEFAULT_LIMITS, ...opts.limits };
  let pool: VerifyPool | undefined;
  // The names this server answers to besides its addresses: the venue certificate's and the phones' host.
  const isVenueHost = venueHosts([...(certificate?.addresses ?? []), ...(opts.phones ? [opts.phones.host] : [])]);
  const app = createApp(() => ctx, { ...opts.apps, certificateFingerprint: certificate?.fingerprint, isVenueHost });
  const http = createHttpServer(getRequestListener(app.fetch));
  const io = createIo(http, isVenueHost);
  // On PostgreSQL, whatever other processes serve the same database hear this one's broadcasts.
  const livePool = database.postgres ? (await import('./db/postgres')).openLivePool(database.postgres.url) : null;
  let stopBroadcasts = async (): Promise<void> => undefined;
  if (livePool && opts.redis) stopBroadcasts = await (await import('./realtime/adapter')).shareBroadcastsOverRedis(io, opts.redis);
  else if (livePool) await (await import('./realtime/adapter')).shareBroadcasts(io, livePool);
  const serverKey = loadServerKey(opts.dataDir);
  const counters = new Map<string, HitCounter>();
  const devices = new DeviceRegistry(limits);
  const live = new LiveSessions();
  const opened = new OpenedFiles();
  ctx = {
    stopping: false,
    background: new Set(),
    database,
    db: database.db,
    io,
    serverKey,
    devices,
    challenges: new ChallengeStore(serverKey.derive('connection challenges'), livePool ? new SpentInPostgres(livePool) : new SpentInMemory()),
    phones: opts.phones ? { host: opts.phones.host } : null,
    opened,
    vault: opts.shareKeeper ?? new MemoryShareKeeper(),
    answers: new AnswerWriter(database),
    seats: new SeatBoard(() => ctx),
    bindings: new KioskBindings(live),
    live,
    deskCode: '',
    deskCodeGuard: new DeskCodeGuard(limits, () => ctx),
    limits,
    now: opts.now ?? Date.now,
    verifier: () => (pool ??= new VerifyPool()),
    backups: null,
    ballots: database.kind === 'postgres' ? new PostgresBallotBox(database.postgres!.pool, opts.dataDir) : new BallotStore(opts.dataDir),
    leader: soleLeader,
    paperEntries: opts.paperEntries ?? new PaperEntriesInMemory(),
    ballotTexts: new BallotTexts(opts.ballotBufferBytes),
    hits: (scope, windowMs) => {
      let c = counters.get(scope);
      if (!c) counters.set(scope, (c = livePool ? hitsInPostgres(livePool, scope, windowMs) : hitsInMemory(windowMs)));
      return c;
    },
  };
  ctx.deskCode = await deskCodeOf(ctx);
  await ctx.answers.open();
  // What this process keeps in memory (devices, sessions, opened files) is read from the store once.
  // On PostgreSQL the feed of what other processes change reads it, once it listens (docs/processes.md):
  // read before that, anything committed in between would be missed, and read twice it costs twice.
  let stopFollowing = async (): Promise<void> => undefined;
  if (livePool) stopFollowing = await (await import('./cluster/changes')).followChanges(ctx, livePool);
  else {
    await devices.load(database.db);
    await live.load(database.db);
    await opened.loadAll(database.db);
  }
  await settleClosedBallots(ctx);
  await readyForVoting(ctx);
  let newBackupKeyCode: string | null = null;
  if (opts.backup) {
    const { key, made } = loadBackupKey(opts.dataDir);
    if (made) newBackupKeyCode = backupKeyCode(key);
    ctx.backups = new BackupWriter({ raw: database.sqlite!, dataDir: opts.dataDir, folder: opts.backup.folder, key, everyMs: opts.backup.everyMinutes * 60_000, keep: opts.backup.keep ?? 24, now: ctx.now });
    // One at once: a stick that cannot be written to is found now, not in the middle of the exam.
    await ctx.backups.write('server started');
    ctx.backups.start();
  }
  // Of the processes on one PostgreSQL database, one keeps the exam clock (kept by the time keeper below only while it leads).
  if (livePool && opts.keepTime !== false) ctx.leader = (await import('./cluster/leader')).leadOnPostgres(livePool, (leading) => opts.onLeadership?.(leading));
  wireIo(ctx);
  if (livePool) answerPresence(ctx);
  ctx.seats.start();
  const stopTimeKeeper = opts.keepTime === false ? () => undefined : startTimeKeeper(ctx);

  const httpPort = await listen(http, opts.httpPort ?? 8080, '127.0.0.1');
  let tls: TlsServer | null = null;
  let httpsPort: number | null = null;
  if (certificate) {
    // Under the phones' host name (SNI), the certificate the phones trust; under any other, the venue's.
    const phoneContext = opts.phones ? createSecureContext({ key: opts.phones.key, cert: opts.phones.cert }) : null;
    tls = createTlsServer(
      { key: certificate.key, cert: certificate.cert, ALPNProtocols: ['http/1.1'], SNICallback: (name, cb) => cb(null, phoneContext && name === opts.phones!.host ? phoneContext : undefined) },
      (socket) => http.emit('connection', socket),
    );
    httpsPort = await listen(tls, opts.httpsPort === undefined ? 8443 : (opts.httpsPort as number), opts.httpsHost ?? '0.0.0.0');
  }
  let closing: Promise<void> | null = null;
  return {
    ctx,
    certificate,
    newBackupKeyCode,
    httpUrl: `http://127.0.0.1:${httpPort}`,
    httpsUrl: httpsPort !== null ? `https://${certificate!.addresses.find((a) => a !== '127.0.0.1' && a !== 'localhost') ?? 'localhost'}:${httpsPort}` : null,
    // Asked again while stopping or once stopped (a signal during a stop, a second Ctrl-C), the same
    // stop is awaited: each of its steps may run once only (a second io.close or http.close never calls back).
    close: () => (closing ??= stop()),
  };

  async function stop(): Promise<void> {
    ctx.stopping = true;
    stopTimeKeeper();
    ctx.seats.stop();
    await ctx.answers.drain();
    await ctx.backups?.stop();
    await new Promise<void>((r) => io.close(() => r()));
    await Promise.allSettled([...ctx.background]);
    await stopBroadcasts();
    tls?.close();
    http.closeAllConnections();
    await new Promise<void>((r) => http.close(() => r()));
    await ctx.answers.close();
    await ctx.ballots.close();
    await ctx.leader.stop();
    await stopFollowing();
    await database.close();
    await livePool?.end();
    await pool?.close();
  }
}
