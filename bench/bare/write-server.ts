/**
 * The bare baseline for the write routes: node:http, bcrypt at the same cost, the MongoDB
 * driver and NATS JetStream. Register: hash, one insert, one publish. Login: one find, one
 * compare, one sign. No framework, no validation, no outbox, no logging.
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
  const nats = await connect({ servers: NATS_URL });
  const js = nats.jetstream();
  const server = createServer((request, response) => {
    const send = (status: number, body: unknown) =>
      response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
    const run = async () => {
      const body = await bodyOf(request);
      if (request.url === '/api/v1/auth/register') {
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
        await users.insertOne(user as never);
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
        await js.publish(`${EVENTS_SUBJECT_PREFIX}.created`, new TextEncoder().encode(JSON.stringify(event)), {
          msgID: event.eventId,
        });
        return send(201, snapshot);
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
    run().catch(() => send(500, { message: 'error' }));
  });
  server.listen(Number(PORT), '127.0.0.1', () => process.stdout.write('listening\n'));
}

void main();
