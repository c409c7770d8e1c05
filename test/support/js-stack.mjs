// What a running Node process's JavaScript is doing, even when its thread never returns to its
// event loop (a loop, a long synchronous call): SIGUSR1 opens its inspector, which answers between
// two statements. Printed: vitest's test and file in that process and what its event loop waits on
// (when it answers at all), then its stack (when its thread is running JavaScript). Used by
// stall-watchdog.ts on a stuck test worker.
// Usage: node [--experimental-websocket] test/support/js-stack.mjs PID [PORT]
const [pid, port = '9229'] = process.argv.slice(2);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const say = (line) => console.log(`  ${line}`);

process.kill(Number(pid), 'SIGUSR1');
let target;
for (let waited = 0; !target && waited < 5000; waited += 250) {
  await sleep(250);
  try {
    target = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json())[0];
  } catch {
    // not listening yet
  }
}
if (!target) {
  say(`(no inspector opened by ${pid} on port ${port}: its thread is blocked outside JavaScript; see its threads' stacks)`);
  process.exit(0);
}

const ws = new WebSocket(target.webSocketDebuggerUrl);
await new Promise((resolve, reject) => ((ws.onopen = resolve), (ws.onerror = reject)));
let next = 0;
const replies = new Map();
let paused;
ws.onmessage = (e) => {
  const m = JSON.parse(String(e.data));
  if (m.id !== undefined) replies.get(m.id)?.(m);
  if (m.method === 'Debugger.paused') paused?.(m.params);
};
/** A command's answer, or null if none comes within `ms`. */
const ask = (method, params = {}, ms = 5000) =>
  new Promise((resolve) => {
    const id = ++next;
    replies.set(id, resolve);
    ws.send(JSON.stringify({ id, method, params }));
    setTimeout(() => resolve(null), ms);
  });

// vitest's worker state: the test it runs (none while it is still loading the file) and its file.
const state = await ask('Runtime.evaluate', {
  // (`current` is the file's own task while the file loads: a test only when its type says so.)
  expression: `JSON.stringify({ test: globalThis.__vitest_worker__?.current?.type === 'test' ? globalThis.__vitest_worker__.current.name : null, file: globalThis.__vitest_worker__?.filepath ?? null, project: globalThis.__vitest_worker__?.config?.name ?? '', waitingOn: process.getActiveResourcesInfo() })`,
  returnByValue: true,
});
if (state?.result?.result?.value) {
  const s = JSON.parse(state.result.result.value);
  say(`in ${pid}: test ${s.test ? `“${s.test}”` : 'none (the file is still loading, or between tests)'}; file ${s.file ?? 'unknown'}`);
  // The stall watchdog reads this line to know which file this worker runs (a file may run in several projects).
  if (s.file) say(`runs ${JSON.stringify({ project: s.project, file: s.file })}`);
  say(`its event loop waits on: ${s.waitingOn.join(', ') || 'nothing'}`);
} else {
  say(`(${pid} did not answer within 5 s)`);
}

const stack = new Promise((resolve) => (paused = resolve));
await ask('Debugger.enable');
void ask('Debugger.pause');
const frames = await Promise.race([stack, sleep(5000).then(() => null)]);
if (frames) {
  say(`JavaScript stack of ${pid}:`);
  for (const f of frames.callFrames.slice(0, 30)) say(`  at ${f.functionName || '(anonymous)'} (${f.url}:${f.location.lineNumber + 1}:${f.location.columnNumber + 1})`);
} else {
  say(`(${pid} runs no JavaScript: it is idle, awaiting what its event loop waits on)`);
}
process.exit(0);
