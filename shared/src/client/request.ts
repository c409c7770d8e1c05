import type { ErrorBody, Ack } from '../errors';
import type { RequestName, RequestPayload, RequestResults } from '../events/index';

/** A refusal from the server, with its stable code. */
export class RequestError extends Error {
  constructor(readonly body: ErrorBody) {
    super(`${body.code}: ${body.message}`);
    this.name = 'RequestError';
  }
  get code() {
    return this.body.code;
  }
}

/** The least of a socket.io client socket that requests need. */
export interface RequestSocket {
  timeout(ms: number): { emit(event: string, payload: unknown, cb: (err: Error | null, res: unknown) => void): void };
}

/**
 * Sends one request and waits for its acknowledgement. Resolves with the data, rejects with a
 * RequestError (the server refused) or an Error (no answer within the time).
 */
export function request<K extends RequestName>(socket: RequestSocket, name: K, payload: RequestPayload<K>, timeoutMs = 10_000): Promise<RequestResults[K]> {
  return new Promise((resolve, reject) => {
    socket.timeout(timeoutMs).emit(name, payload, (err, res) => {
      if (err) return reject(new Error(`${name}: no answer within ${timeoutMs} ms`));
      const ack = res as Ack<RequestResults[K]>;
      if (ack.ok) resolve(ack.data);
      else reject(new RequestError(ack.error));
    });
  });
}
