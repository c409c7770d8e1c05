import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Clock ticks per second, the unit of /proc's processor times. */
export const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** Seconds of processor time a process has used so far, all its threads (Linux: /proc/<pid>/stat) or one of them (its main thread: `thread` = pid), in user and in system mode, or null. */
export function cpuSecondsOf(pid: number | undefined, thread?: number): { user: number; system: number } | null {
  try {
    const fields = readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime are fields 14 and 15 of stat, 12 and 13 after the command's closing parenthesis.
    return { user: Number(fields[11]) / CLOCK_TICKS, system: Number(fields[12]) / CLOCK_TICKS };
  } catch {
    return null;
  }
}

/** The processor time of several processes together (a server of several processes), or null if one is unreadable. */
export function cpuSecondsOfAll(pids: Array<number | undefined>): { user: number; system: number } | null {
  const each = pids.map((pid) => cpuSecondsOf(pid));
  if (each.some((c) => !c)) return null;
  return { user: each.reduce((n, c) => n + c!.user, 0), system: each.reduce((n, c) => n + c!.system, 0) };
}
