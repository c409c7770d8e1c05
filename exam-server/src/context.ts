import type { BallotBox } from './evaluation/ballot-box';
import type { BackupWriter } from './backup/writer';
import type { Server as IoServer, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '@exam/shared';
import type { Database, Db } from './db/database';
import type { DeviceRegistry } from './devices/registry';
import type { ChallengeStore } from './devices/challenges';
import type { ServerKey } from './identity/server-key';
import type { OpenedFiles } from './papers/store';
import type { ShareKeeper } from './papers/share-vault';
import type { AnswerWriter } from './answers/writer';
import type { SeatBoard } from './desk/seat-board';
import type { KioskBindings } from './answers/bindings';
import type { LiveSessions } from './sessions/live';
import type { VerifyPool } from './identity/verify-pool';
import type { Limits } from './devices/limits';
import type { DeskCodeGuard } from './devices/desk-code';
import type { DevicesTable } from './db/schema/devices';
import type { Leadership } from './cluster/leader';
import type { HitCounter } from './devices/hit-counter';
import type { Presence } from './devices/registry';
import type { BallotTexts } from './evaluation/ballot-texts';
import type { PaperEntries } from './evaluation/paper-entries';

/** What a connected socket is bound to, set once its key is proven. */
export interface SocketData {
  deviceId: string;
  /** A device waiting for admission, as it presented itself: so that a desk served by another process can find it (docs/processes.md). */
  waiting?: DevicesTable;
  /** When this socket's device was last read again from the database after a request it was not admitted for (at most once a second). */
  rereadAt?: number;
}

/** What the processes serving one PostgreSQL database ask and tell one another (socket.io's `serverSideEmit`, over the adapter). */
export interface BetweenProcesses {
  /** Which devices are connected to the process answering, and how many of each kind wait there. */
  presence: (ack: (p: Presence) => void) => void;
  /** A device connected, went away or changed on the process saying so: the desks' list is due. */
  'devices-changed': () => void;
}

export type ExamIo = IoServer<ClientToServerEvents, ServerToClientEvents, BetweenProcesses, SocketData>;
export type ExamSocket = Socket<ClientToServerEvents, ServerToClientEvents, BetweenProcesses, SocketData>;

/** Everything the server's parts share, built once at start (server.ts). */
export interface ServerContext {
  /** Set once the server is stopping: the connections it closes itself are no seat's incident. */
  stopping: boolean;
  /** Writes begun outside a request (a seat's lost connection): the server's close waits for them before closing the store. */
  background: Set<Promise<unknown>>;
  database: Database;
  db: Db;
  io: ExamIo;
  serverKey: ServerKey;
  devices: DeviceRegistry;
  challenges: ChallengeStore;
  /** Phone voting, when the venue allows it: the host name whose certificate the phones trust (docs/evaluation.md); null: no phones. */
  phones: { host: string } | null;
  opened: OpenedFiles;
  vault: ShareKeeper;
  answers: AnswerWriter;
  seats: SeatBoard;
  bindings: KioskBindings;
  live: LiveSessions;
  deskCode: string;
  deskCodeGuard: DeskCodeGuard;
  limits: Limits;
  now: () => number;
  /** The worker pool that checks many signatures at once (started on first use). */
  verifier: () => VerifyPool;
  /** Encrypted backups to the operator's folder, when switched on (backup/writer.ts). */
  backups: BackupWriter | null;
  /** The evaluations' ballots while voting is open (evaluation/ballot-box.ts). */
  ballots: BallotBox;
  /** Paper ballots waiting for their second teller, in memory only (evaluation/paper-entries.ts). */
  paperEntries: PaperEntries;
  /** Ballots' canonical texts as UTF-8 while they are verified and committed, in buffers shared with those threads (evaluation/ballot-texts.ts). */
  ballotTexts: BallotTexts;
  /** Attempts counted for a limit (`scope`), shared by the processes on one database (devices/hit-counter.ts). */
  hits(scope: string, windowMs: number): HitCounter;
  /** Whether this process keeps the exam clock: always on SQLite; one process of those on a PostgreSQL database (cluster/leader.ts). */
  leader: Leadership;
}

/** socket.io room names. */
export const rooms = {
  desk: 'desk',
  session: (id: string) => `session:${id}`,
  device: (id: string) => `device:${id}`,
  markers: 'markers',
  /** Devices waiting for admission, on whichever process they are connected to. */
  waiting: 'waiting',
  /** Organisers' consoles. */
  organisers: 'organisers',
  /** Supervisors admitted for the venue (no interview day): the written exam's, and the seat draw's contributors. */
  venueSupervisors: 'venue-supervisors',
  /** The kiosks admitted to a room of the written exam, on whichever process they are connected to. */
  examRoom: (room: string) => `exam-room:${room}`,
  /** Desks, supervisors and escorts of an interview day. */
  day: (id: string) => `day:${id}`,
  /** The examiners of one interview room. */
  panel: (dayId: string, room: string) => `panel:${dayId}:${room}`,
};
