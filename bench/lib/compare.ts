import { RunResult } from './load';
import { round, spread, Spread } from './stats';

export interface Side {
  label: string;
  rps: Spread;
  p50: Spread;
  p99: Spread;
  cpuPer1000: Spread;
  peakRssMb: Spread;
  requests: number;
  errors: number;
  unexpected: number;
}

export interface Goal {
  goal: string;
  value: number;
  met: boolean;
}

export interface Comparison {
  scenario: string;
  backend: string;
  service: Side;
  baseline: Side;
  goals: Goal[];
}

export function side(label: string, runs: RunResult[]): Side {
  return {
    label,
    rps: spread(runs.map((r) => round(r.rps))),
    p50: spread(runs.map((r) => r.p50)),
    p99: spread(runs.map((r) => r.p99)),
    cpuPer1000: spread(runs.map((r) => round(r.cpuPer1000, 2))),
    peakRssMb: spread(runs.map((r) => round(r.peakRssMb))),
    requests: runs.reduce((sum, r) => sum + r.requests, 0),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    unexpected: runs.reduce((sum, r) => sum + r.unexpected, 0),
  };
}

/**
 * Runs A and B alternately (A B A B ...) after one warm-up of each, so that machine noise
 * lands on both; returns every measured run of each.
 */
export async function interleaved(
  pairs: number,
  a: () => Promise<RunResult>,
  b: () => Promise<RunResult>,
  settle: () => Promise<void> = () => Promise.resolve(),
): Promise<{ a: RunResult[]; b: RunResult[] }> {
  const run = async (side: () => Promise<RunResult>) => {
    await settle();
    return side();
  };
  await run(a);
  await run(b);
  const runs = { a: [] as RunResult[], b: [] as RunResult[] };
  for (let i = 0; i < pairs; i++) {
    runs.a.push(await run(a));
    runs.b.push(await run(b));
  }
  return runs;
}

export function ratioGoal(label: string, value: number, threshold: number, higherIsBetter = true): Goal {
  return {
    goal: `${label} ${higherIsBetter ? '≥' : '≤'} ${threshold}`,
    value: round(value, 2),
    met: higherIsBetter ? value >= threshold : value <= threshold,
  };
}
