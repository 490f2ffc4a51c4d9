import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { LogLine } from './test-app';

/** Runs the built trace tool (npm run trace) on log lines given on standard input. */
export function runTraceTool(
  args: string[],
  lines: LogLine[],
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(__dirname, '../../dist/cli/trace.js'), ...args], {
    input: lines.map((line) => JSON.stringify(line)).join('\n'),
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
