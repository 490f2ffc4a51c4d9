import { parseUserEvent } from '../contracts/parse-user-event';
import type { UserEvent } from '../contracts/user-events';
import type { InboundMessage } from '../infrastructure/nats/durable-consumer';
import { StreamReplay } from '../infrastructure/nats/stream-replay';
import { ReadModelRebuilder } from '../users-read/rebuild/read-model-rebuilder';
import { UsersAsEvents } from '../users/replay/users-as-events';
import { createToolContext, runTool } from './tool-context';

const BATCH = 1000;
const USAGE = `usage: npm run rebuild [-- --from-users]
Rebuilds users_read into a fresh collection and swaps it in: by default from the JetStream
stream (replayed from its first message), with --from-users from the users collection
(when the stream has been trimmed). Events that arrive meanwhile are applied afterwards.`;

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Stream messages as events; an unparseable message is counted and skipped, as the projection would park it. */
async function* eventsOf(
  batches: AsyncIterable<InboundMessage[]>,
  skipped: { count: number },
): AsyncGenerator<UserEvent[]> {
  for await (const batch of batches) {
    const events: UserEvent[] = [];
    for (const message of batch) {
      try {
        events.push(parseUserEvent(message.data));
      } catch {
        skipped.count++;
      }
    }
    yield events;
  }
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.some((arg) => arg !== '--from-users')) {
    print(USAGE);
    return 2;
  }
  const fromUsers = args.includes('--from-users');
  const context = await createToolContext();
  try {
    const rebuilder = context.get(ReadModelRebuilder);
    const replay = context.get(StreamReplay);
    const lastSeq = await replay.lastSequence();
    const skipped = { count: 0 };
    const source = fromUsers
      ? context.get(UsersAsEvents).batches(BATCH)
      : eventsOf(replay.replay(1, lastSeq, BATCH), skipped);
    print(
      fromUsers
        ? 'rebuilding users_read from the users collection'
        : `rebuilding users_read from ${lastSeq} stream messages`,
    );

    const startedAt = performance.now();
    let lastReport = startedAt;
    const built = await rebuilder.build(source, (events) => {
      if (performance.now() - lastReport < 1000) return;
      lastReport = performance.now();
      const share = fromUsers || lastSeq === 0 ? '' : ` (${Math.round((100 * events) / lastSeq)}%)`;
      print(`  ${events} ${fromUsers ? 'users read' : 'events replayed'}${share}`);
    });
    const seconds = (performance.now() - startedAt) / 1000;
    await rebuilder.swapIn(built.collection);
    const caughtUp = await rebuilder.catchUp(lastSeq + 1);

    print(
      `rebuilt ${rebuilder.liveCollection}: ${built.users} users from ${built.events} ${fromUsers ? 'users' : 'events'} ` +
        `in ${seconds.toFixed(2)} s (${Math.round(built.events / Math.max(seconds, 0.001))}/s)`,
    );
    print(`  of which writing the ${built.users} documents took ${built.writeSeconds.toFixed(2)} s`);
    if (skipped.count > 0) print(`skipped ${skipped.count} unparseable messages`);
    print(`swapped in, then applied ${caughtUp} messages that arrived during the rebuild`);
    return 0;
  } finally {
    await context.close();
  }
}

runTool(main);
