/**
 * The bare baseline for the write routes: node:http, bcrypt at the same cost, the MongoDB
 * driver and NATS JetStream. Register: hash, one insert, one publish. Login: one find, one
 * compare, one sign. No framework, no validation, no outbox, no logging.
 *
 * `/bare/register-with-outbox` does what the architecture asks of every write, still without
 * a framework: the user and its event in one insert, the answer, then the publish and the
 * second write that removes the published event from the document. Against plain register
 * it prices the outbox on this database; against the service, everything else.
 */
import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage } from 'node:http';
import * as bcrypt from 'bcrypt';
import jwt from 'jsonwebtoken';
import { MongoClient } from 'mongodb';
import { connect } from 'nats';

function bodyOf(request: IncomingMessage): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, string>);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}

async function main(): Promise<void> {
  const {
    MONGODB_URI = '',
    JWT_SECRET = '',
    PORT = '0',
    NATS_URL = '',
    EVENTS_SUBJECT_PREFIX = '',
    BCRYPT_COST = '10',
  } = process.env;
  const cost = Number(BCRYPT_COST);
  const client = await new MongoClient(MONGODB_URI).connect();
  const users = client.db().collection('users_bare');
  await users.createIndex({ email: 1 }, { unique: true });
  // The same indexes as the service's users collection.
  const outboxUsers = client.db().collection('users_bare_outbox');
  await outboxUsers.createIndex({ email: 1 }, { unique: true });
  await outboxUsers.createIndex({ outboxIds: 1 });
  const nats = await connect({ servers: NATS_URL });
  const js = nats.jetstream();
  const server = createServer((request, response) => {
    const send = (status: number, body: unknown) =>
      response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
    const run = async () => {
      const body = await bodyOf(request);
      const withOutbox = request.url === '/bare/register-with-outbox';
      if (request.url === '/api/v1/auth/register' || withOutbox) {
        const passwordHash = await bcrypt.hash(body.password ?? '', cost);
        const now = new Date();
        const user = {
          _id: randomUUID(),
          email: body.email,
          name: body.name,
          roles: ['buyer'],
          passwordHash,
          createdAt: now,
          version: 1,
        };
        const snapshot = {
          id: user._id,
          email: user.email,
          name: user.name,
          roles: user.roles,
          createdAt: now.toISOString(),
        };
        const event = {
          eventId: randomUUID(),
          type: 'UserCreated',
          version: 1,
          occurredAt: now.toISOString(),
          userId: user._id,
          user: snapshot,
        };
        const subject = `${EVENTS_SUBJECT_PREFIX}.created`;
        const payload = JSON.stringify(event);
        const publish = () => js.publish(subject, new TextEncoder().encode(payload), { msgID: event.eventId });
        if (!withOutbox) {
          await users.insertOne(user as never);
          await publish();
          return send(201, snapshot);
        }
        const entry = { eventId: event.eventId, type: event.type, subject, payload, version: 1, createdAt: now };
        await outboxUsers.insertOne({
          ...user,
          outbox: { [event.eventId]: entry },
          outboxIds: [event.eventId],
        } as never);
        send(201, snapshot);
        await publish();
        await outboxUsers.updateOne(
          { _id: user._id } as never,
          { $unset: { [`outbox.${event.eventId}`]: '' }, $pull: { outboxIds: event.eventId } } as never,
        );
        return;
      }
      if (request.url === '/api/v1/auth/login') {
        const user = await client
          .db()
          .collection('users')
          .findOne({ email: body.email }, { projection: { passwordHash: 1, roles: 1 } });
        if (!user || !(await bcrypt.compare(body.password ?? '', String(user.passwordHash))))
          return send(401, { message: 'invalid' });
        const accessToken = jwt.sign({ roles: user.roles as unknown }, JWT_SECRET, {
          algorithm: 'HS256',
          expiresIn: 900,
          issuer: 'users-service',
          audience: 'users-service',
          subject: String(user._id),
        });
        return send(200, { accessToken, tokenType: 'Bearer', expiresIn: 900 });
      }
      return send(404, { message: 'not found' });
    };
    run().catch(() => {
      if (!response.headersSent) send(500, { message: 'error' });
    });
  });
  server.listen(Number(PORT), '127.0.0.1', () => process.stdout.write('listening\n'));
}

// Exit normally on SIGTERM, so that --cpu-prof (BENCH_CPU_PROF) gets to write its profile.
process.on('SIGTERM', () => process.exit(0));
void main();
