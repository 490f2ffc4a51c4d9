import { DeadLetters } from '../infrastructure/dead-letters/dead-letters';
import { createToolContext, runTool } from './tool-context';

const USAGE = `usage: npm run dead-letters -- list [consumer]
       npm run dead-letters -- redrive [consumer]
list: the parked messages, one JSON line each. redrive: hands each one to its consumer
again; those that succeed leave dead_letters. Exit status 1 when some still fail.`;

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function main(): Promise<number> {
  const [command, consumer] = process.argv.slice(2);
  if (command !== 'list' && command !== 'redrive') {
    print(USAGE);
    return 2;
  }
  const context = await createToolContext();
  try {
    const deadLetters = context.get(DeadLetters);
    if (command === 'list') {
      const letters = await deadLetters.list(consumer);
      for (const { _id, consumer: name, subject, streamSequence, error, deliveries, parkedAt, text } of letters) {
        print(JSON.stringify({ id: _id, consumer: name, subject, streamSequence, deliveries, parkedAt, error, text }));
      }
      print(`${letters.length} parked`);
      return 0;
    }
    const results = await deadLetters.redrive(consumer);
    for (const result of results) print(JSON.stringify(result));
    const failing = results.filter((r) => r.outcome !== 'applied').length;
    print(`${results.length - failing} applied, ${failing} still failing`);
    return failing > 0 ? 1 : 0;
  } finally {
    await context.close();
  }
}

runTool(main);
