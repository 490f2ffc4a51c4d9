import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from '../../test/support/poll';

export const ROOT = join(__dirname, '../../..');

/** A Node.js process under measurement: its output, CPU time and resident memory. */
export class Measured {
  readonly lines: string[] = [];
  private partial = '';

  private constructor(readonly child: ChildProcess) {
    // Chunks do not end at line ends: keep the unfinished line until the rest arrives.
    child.stdout?.on('data', (chunk: Buffer) => {
      const lines = (this.partial + chunk.toString()).split('\n');
      this.partial = lines.pop() ?? '';
      this.lines.push(...lines.filter(Boolean));
    });
    child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  }

  /** With BENCH_CPU_PROF=<dir> set, the process writes a V8 CPU profile there when it exits. */
  static start(script: string, env: Record<string, string>): Measured {
    const dir = process.env.BENCH_CPU_PROF;
    const profile = dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
    return new Measured(
      spawn(process.execPath, [...profile, join(ROOT, script)], {
        env: { PATH: process.env.PATH ?? '', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  /** User plus system CPU seconds used so far (from /proc). */
  cpuSeconds(): number {
    return cpuSecondsOf(this.pid);
  }

  rssMb(): number {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  }

  async waitFor(predicate: () => Promise<boolean> | boolean, what: string, timeoutMs = 60_000): Promise<void> {
    const state = await eventually(
      async () => (this.child.exitCode !== null ? 'exited' : (await predicate()) ? 'ready' : 'waiting'),
      (s) => s !== 'waiting',
      { timeoutMs, intervalMs: 100, what },
    );
    if (state === 'exited') throw new Error(`${what}: process exited\n${this.lines.slice(-20).join('\n')}`);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

/** Whether anything answers HTTP at `url` (any status). */
export async function httpUp(url: string): Promise<boolean> {
  return fetch(url).then(
    () => true,
    () => false,
  );
}

export function cpuSecondsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/**
 * Waits until none of `pids` uses more than a tenth of a core over a 150 ms window (at most
 * `timeoutMs`): a slow query still running after a load run must not land on the next run.
 */
export async function quiesce(pids: number[], timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const before = pids.map(cpuSecondsOf);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const busy = pids.some((pid, i) => cpuSecondsOf(pid) - before[i]! > 0.015);
    if (!busy) return;
  }
}
