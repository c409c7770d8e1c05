/**
 * The one error type of the protocol. Every refusal, over HTTP or a socket acknowledgement, carries
 * a stable `code` from this list; clients never parse the message.
 */
export const ERROR_CODES = [
  'bad-request',
  'payload-too-large',
  'protocol-version',
  'unauthenticated',
  'challenge-invalid',
  'signature-invalid',
  'key-refused',
  'fingerprint-mismatch',
  'desk-code-wrong',
  'device-not-admitted',
  'forbidden',
  'not-found',
  'conflict',
  'wrong-seat',
  'unknown-ticket',
  'not-signed-in',
  'session-state',
  'too-early',
  'late-entry-closed',
  'time-up',
  'paused',
  'already-submitted',
  'share-code-malformed',
  'share-code-checksum',
  'share-wrong-paper',
  'share-commitment-mismatch',
  'share-duplicate',
  'not-enough-shares',
  'key-mismatch',
  'invalid-paper',
  'invalid-roster',
  'mark-out-of-range',
  'registration-closed',
  'already-registered',
  'slip-secret-wrong',
  'too-many-attempts',
  'rules-fixed',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The wire form of an error. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  /** Where the problem is, when there is a place to name: a field path, a row, a line. */
  details?: Array<{ path?: string; line?: number; row?: number; message: string; zh?: string; warning?: boolean }>;
}

export class ExamError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorBody['details'],
  ) {
    super(message);
    this.name = 'ExamError';
  }

  toBody(): ErrorBody {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }
}

/** HTTP status for each code, used by the server in one place. */
export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case 'bad-request':
    case 'invalid-paper':
    case 'invalid-roster':
    case 'share-code-malformed':
    case 'share-code-checksum':
    case 'mark-out-of-range':
      return 400;
    case 'unauthenticated':
    case 'challenge-invalid':
    case 'signature-invalid':
      return 401;
    case 'forbidden':
    case 'device-not-admitted':
    case 'wrong-seat':
    case 'key-refused':
    case 'fingerprint-mismatch':
    case 'desk-code-wrong':
    case 'slip-secret-wrong':
      return 403;
    case 'not-found':
    case 'unknown-ticket':
      return 404;
    case 'payload-too-large':
      return 413;
    case 'protocol-version':
      return 426;
    case 'too-many-attempts':
      return 429;
    case 'internal':
      return 500;
    default:
      return 409;
  }
}

/** The acknowledgement of every socket request: `{ ok: true, data }` or `{ ok: false, error }`. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };
