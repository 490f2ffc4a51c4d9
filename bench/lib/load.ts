import autocannon from 'autocannon';
import type { Measured } from './process';

export interface RunResult {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  /** Status codes other than the expected one, a sign the run measured the wrong thing. */
  unexpected: number;
  cpuPer1000: number;
  peakRssMb: number;
}

export interface LoadOptions {
  url: string;
  connections: number;
  /** Run for this long, or, when `amount` is given, until that many requests have been answered. */
  durationS: number;
  amount?: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Changes each request (a new email, a random id). */
  setupRequest?: (request: { path: string; body?: string }) => { path: string; body?: string };
  expectStatus?: number;
  overallRate?: number;
}

/** One autocannon run against `target`, with the target's CPU and peak memory over the run. */
export async function load(target: Measured, options: LoadOptions): Promise<RunResult> {
  const cpuBefore = target.cpuSeconds();
  let peakRss = target.rssMb();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, target.rssMb())), 100);
  const url = new URL(options.url);
  const expected = options.expectStatus ?? 200;
  let unexpected = 0;
  const result = await autocannon({
    url: url.origin,
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.durationS }),
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    requests: [
      {
        method: options.method ?? 'GET',
        path: `${url.pathname}${url.search}`,
        headers: { 'content-type': 'application/json', ...options.headers },
        ...(options.body ? { body: options.body } : {}),
        ...(options.setupRequest
          ? {
              setupRequest: (request: { path: string; body?: string }) => ({
                ...request,
                ...options.setupRequest!(request),
              }),
            }
          : {}),
        onResponse: (status: number) => {
          if (status !== expected) unexpected++;
        },
      },
    ],
  } as autocannon.Options);
  clearInterval(sampler);
  const requests = result.requests.total;
  return {
    rps: result.duration > 0 ? requests / result.duration : 0,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests,
    errors: result.errors + result.timeouts,
    unexpected,
    cpuPer1000: requests > 0 ? ((target.cpuSeconds() - cpuBefore) / requests) * 1000 : 0,
    peakRssMb: peakRss,
  };
}
