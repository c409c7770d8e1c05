// The ceiling the durable-save figure is read against: socket.io on this machine, with the
// product's own options (createIo), answering the kiosks' save at once and doing nothing else — no
// admission, no checks, no database. The same simulated kiosks (kiosk-fleet.ts, in its `bare`
// mode) drive it over the same wire protocol, in the same benchmark run: whatever the product's
// figure is short of this one is the product's own work; what this one is short of a target is the
// transport on this machine's cores.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { createIo } from '@exam/server';

const port = Number(process.argv[2]);
const http = createServer((req, res) => {
  if (req.url?.startsWith('/api/auth/challenge')) {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ challenge: randomBytes(32).toString('base64') }));
  } else {
    res.statusCode = 404;
    res.end();
  }
});
const io = createIo(http);
io.on('connection', (socket) => {
  // The kiosks wait for their status before they count as connected; nothing of it is read here.
  socket.emit('device:status', { deviceId: socket.id, status: 'pending' } as never);
  socket.on('answer:save', (payload: { rev?: unknown }, ack: unknown) => {
    if (typeof ack === 'function') ack({ ok: true, data: { rev: payload?.rev } });
  });
});
http.listen(port, '127.0.0.1', () => process.stdout.write(JSON.stringify({ url: `http://127.0.0.1:${port}` }) + '\n'));
process.on('SIGTERM', () => void io.close(() => process.exit(0)));
