import { readFileSync } from 'node:fs';
import { buildJourney, parseLines, renderJourney, Selector, selectTraceIds } from './trace/journey';

const USAGE = `usage: npm run trace -- <trace_id> [log file]
       npm run trace -- --event <event_id> [log file]
       npm run trace -- --user <user_id> [log file]
Reads JSON log lines from the file, or from standard input without one (or with "-").
Exit status: 0 every journey is complete, 1 a hop is missing, 2 nothing matched or bad usage.`;

function parseArgs(args: string[]): { selector: Selector; file?: string } | undefined {
  const [first, second, third] = args;
  if (first === '--event' && second) return { selector: { eventId: second }, file: third };
  if (first === '--user' && second) return { selector: { userId: second }, file: third };
  if (first && !first.startsWith('-')) return { selector: { traceId: first }, file: second };
  return undefined;
}

function main(): number {
  const parsed = parseArgs(process.argv.slice(2));
  if (!parsed) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const input = parsed.file && parsed.file !== '-' ? readFileSync(parsed.file, 'utf8') : readFileSync(0, 'utf8');
  const lines = parseLines(input);
  const traceIds = selectTraceIds(lines, parsed.selector);
  if (traceIds.length === 0) {
    process.stderr.write(`no log line matches ${JSON.stringify(parsed.selector)} among ${lines.length} lines\n`);
    return 2;
  }
  const journeys = traceIds.map((traceId) => buildJourney(lines, traceId));
  process.stdout.write(`${journeys.map(renderJourney).join('\n\n')}\n`);
  return journeys.some((journey) => journey.missing.length > 0) ? 1 : 0;
}

process.exitCode = main();
