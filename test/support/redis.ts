import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { freePort } from './process';

/** Debian's `redis-server` on this machine, if installed (`.ci/run` installs it). */
export const hasRedis = spawnSync('sh', ['-c', 'command -v redis-server']).status === 0;

/**
 * A Redis of the test's own: `redis-server` on a free loopback port, keeping nothing on disk, stopped
 * by `stop`. Resolves once it accepts connections.
 */
export async function startRedis(): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${out}`)), 10_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (c) => reject(new Error(`redis-server exited ${c}:\n${out}`)));
  });
  child.stdout!.resume();
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
