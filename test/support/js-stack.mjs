// The JavaScript stack of a running Node process, even one whose thread never returns to its event
// loop (a loop, a long synchronous call): SIGUSR1 opens its inspector, which pauses the thread
// where it is and names each frame. Used by stall-watchdog.ts on a stuck test worker.
// Usage: node [--experimental-websocket] test/support/js-stack.mjs PID [PORT]
const [pid, port = '9229'] = process.argv.slice(2);
const deadline = Date.now() + 15_000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

process.kill(Number(pid), 'SIGUSR1');
let target;
while (!target && Date.now() < deadline) {
  await sleep(250);
  try {
    target = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json())[0];
  } catch {
    // not listening yet
  }
}
if (!target) {
  console.log(`  (no inspector opened by ${pid} on port ${port})`);
  process.exit(0);
}
const ws = new WebSocket(target.webSocketDebuggerUrl);
const timer = setTimeout(() => {
  console.log(`  (${pid} did not pause within 15 s: its thread is not running JavaScript)`);
  process.exit(0);
}, Math.max(0, deadline - Date.now()));
ws.onopen = () => {
  ws.send(JSON.stringify({ id: 1, method: 'Debugger.enable' }));
  ws.send(JSON.stringify({ id: 2, method: 'Debugger.pause' }));
};
ws.onmessage = (e) => {
  const m = JSON.parse(String(e.data));
  if (m.method !== 'Debugger.paused') return;
  console.log(`  JavaScript stack of ${pid}:`);
  for (const f of m.params.callFrames.slice(0, 30)) console.log(`    at ${f.functionName || '(anonymous)'} (${f.url}:${f.location.lineNumber + 1}:${f.location.columnNumber + 1})`);
  clearTimeout(timer);
  process.exit(0);
};
