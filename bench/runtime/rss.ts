// Resident memory of this process and of its child processes, read from /proc (Linux): the
// process backend's containers are children, so their memory is not in process.memoryUsage().
import { readdirSync, readFileSync } from 'node:fs';

function vmRssKb(pid: number | string): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) : 0;
  } catch {
    return 0; // the process ended between listing and reading
  }
}

function parentOf(pid: string): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 4 is the parent pid; the command name (field 2) may hold spaces, so split after ')'.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return -1;
  }
}

export function childPids(): number[] {
  const me = process.pid;
  return readdirSync('/proc').filter((name) => /^\d+$/.test(name) && parentOf(name) === me).map(Number);
}

export interface Rss {
  readonly hostMb: number;
  readonly childrenMb: number;
  readonly children: number;
  readonly totalMb: number;
}

export function rss(): Rss {
  const hostMb = process.memoryUsage().rss / 1048576;
  const kids = childPids();
  const childrenMb = kids.reduce((sum, pid) => sum + vmRssKb(pid), 0) / 1024;
  return { hostMb, childrenMb, children: kids.length, totalMb: hostMb + childrenMb };
}
