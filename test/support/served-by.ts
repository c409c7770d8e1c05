import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import type { Socket } from 'socket.io-client';

const tcpOf = (socket: Socket) => {
  const tcp = (socket.io.engine as unknown as { transport?: { ws?: { _socket?: { localPort?: number; remotePort?: number } } } } | undefined)?.transport?.ws?._socket;
  return socket.connected && tcp?.localPort && tcp.remotePort ? { localPort: tcp.localPort, remotePort: tcp.remotePort } : null;
};

/**
 * Waits until every client is connected over WebSocket: one whose process was killed is connecting
 * again for a moment (the desk as well as the kiosks), with no TCP connection of its own to look up.
 */
export async function untilOnWebSocket(sockets: readonly Socket[], ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!sockets.every((s) => tcpOf(s) !== null)) {
    if (Date.now() > until) throw new Error(`untilOnWebSocket: ${sockets.filter((s) => tcpOf(s) === null).length} of ${sockets.length} clients not connected over WebSocket after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Which of `pids` serves a socket.io client's connection now, read from the operating system
 * (Linux's /proc): the process holding the server's end of the client's TCP connection. So that a
 * test of several processes can make sure that what it checks crosses from one process to another,
 * instead of trusting the round robin to have spread the connections. Null if none of them holds it.
 */
export function servedBy(socket: Socket, pids: readonly number[]): number | null {
  const tcp = tcpOf(socket);
  if (!tcp) throw new Error('servedBy: the client is not connected over WebSocket');
  const inode = serverEndInode(tcp.remotePort, tcp.localPort);
  if (inode === null) return null;
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone
    }
    for (const fd of fds) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`) === `socket:[${inode}]`) return pid;
      } catch {
        // closed meanwhile
      }
    }
  }
  return null;
}

/** The inode of the established TCP socket whose own port is `serverPort` and whose peer's is `clientPort`. */
function serverEndInode(serverPort: number, clientPort: number): string | null {
  const hex = (port: number) => port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let lines: string[];
    try {
      lines = readFileSync(table, 'utf8').split('\n').slice(1);
    } catch {
      continue;
    }
    for (const line of lines) {
      const f = line.trim().split(/\s+/);
      // sl local_address rem_address st … inode (10th field); st 01 = established
      if (f.length < 10 || f[3] !== '01') continue;
      if (f[1]!.endsWith(`:${hex(serverPort)}`) && f[2]!.endsWith(`:${hex(clientPort)}`)) return f[9]!;
    }
  }
  return null;
}
