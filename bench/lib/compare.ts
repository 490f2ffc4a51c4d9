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
  /** Null for a figure that is reported, not judged. */
  met: boolean | null;
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
 * Runs the sides in turn (A B A B ..., or A B C A B C ... with three) after one warm-up of
 * each, so that machine noise lands on all of them; returns every measured run of each side.
 */
export async function interleaved<Sides extends Array<() => Promise<RunResult>>>(
  rounds: number,
  sides: [...Sides],
  settle: () => Promise<void> = () => Promise.resolve(),
): Promise<{ [K in keyof Sides]: RunResult[] }> {
  const run = async (side: () => Promise<RunResult>) => {
    await settle();
    return side();
  };
  for (const side of sides) await run(side);
  const runs = sides.map(() => [] as RunResult[]);
  for (let i = 0; i < rounds; i++) {
    for (const [k, side] of sides.entries()) runs[k]!.push(await run(side));
  }
  return runs as { [K in keyof Sides]: RunResult[] };
}

export function ratioGoal(label: string, value: number, threshold: number, higherIsBetter = true): Goal {
  return {
    goal: `${label} ${higherIsBetter ? '≥' : '≤'} ${threshold}`,
    value: round(value, 2),
    met: higherIsBetter ? value >= threshold : value <= threshold,
  };
}

/** A ratio the output shows without a goal to meet. */
export function reported(label: string, value: number): Goal {
  return { goal: label, value: round(value, 2), met: null };
}
