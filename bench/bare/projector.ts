/**
 * The bare baseline for the projection: a durable JetStream pull consumer that does one
 * upsert per event into its own collection (seeded like users_read), then acks. It prints a JSON line
 * per applied event (its id and when it was applied), the way the service logs
 * "Read model updated successfully", so both lags are measured the same way.
 */
import { MongoClient } from 'mongodb';
import { AckPolicy, connect, DeliverPolicy } from 'nats';

async function main(): Promise<void> {
  const { MONGODB_URI = '', NATS_URL = '', NATS_STREAM = '', DURABLE = 'bare-projector' } = process.env;
  const client = await new MongoClient(MONGODB_URI).connect();
  const views = client.db().collection('users_read_bare');
  const nats = await connect({ servers: NATS_URL });
  const jsm = await nats.jetstreamManager();
  await jsm.consumers.add(NATS_STREAM, {
    durable_name: DURABLE,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
  });
  const consumer = await nats.jetstream().consumers.get(NATS_STREAM, DURABLE);
  const messages = await consumer.consume({ max_messages: 256 });
  process.stdout.write('listening\n');
  for await (const message of messages) {
    try {
      await apply(message.data);
    } catch {
      message.nak(250);
      continue;
    }
    message.ack();
  }

  async function apply(data: Uint8Array): Promise<void> {
    const event = JSON.parse(new TextDecoder().decode(data)) as {
      eventId: string;
      version: number;
      userId: string;
      user: Record<string, unknown>;
    };
    // The simplest thing: an upsert by id, no version guard (FerretDB serves an id-only
    // filter from its storage; adding the version would make it scan the collection).
    await views.updateOne(
      { _id: event.userId as never },
      { $set: { ...event.user, version: event.version } },
      { upsert: true },
    );
    process.stdout.write(
      `${JSON.stringify({ msg: 'applied', event_id: event.eventId, time: new Date().toISOString() })}\n`,
    );
  }
}

// Exit normally on SIGTERM, so that --cpu-prof (BENCH_CPU_PROF) gets to write its profile.
process.on('SIGTERM', () => process.exit(0));
void main();
