/**
 * The bare baseline for the read routes: node:http, the MongoDB driver and jsonwebtoken,
 * doing what the service does for a query (verify the HS256 token, the same filter, sort,
 * projection and count) with nothing else: no framework, no validation, no logging.
 */
import { createServer } from 'node:http';
import jwt from 'jsonwebtoken';
import { MongoClient } from 'mongodb';

const FIELDS = {
  _id: 1,
  email: 1,
  name: 1,
  roles: 1,
  isActive: 1,
  createdAt: 1,
  updatedAt: 1,
  version: 1,
  roleCount: 1,
  isBuyer: 1,
  isSeller: 1,
};

type View = Record<string, unknown> & { _id: string; createdAt: Date; updatedAt: Date };

function toResponse({ _id, createdAt, updatedAt, ...rest }: View): Record<string, unknown> {
  return { id: _id, ...rest, createdAt: createdAt.toISOString(), updatedAt: updatedAt.toISOString() };
}

async function main(): Promise<void> {
  const { MONGODB_URI = '', JWT_SECRET = '', PORT = '0' } = process.env;
  const client = await new MongoClient(MONGODB_URI).connect();
  const views = client.db().collection<View>('users_read');
  const server = createServer((request, response) => {
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
    };
    try {
      const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
      jwt.verify(token, JWT_SECRET, { algorithms: ['HS256'], issuer: 'users-service', audience: 'users-service' });
    } catch {
      send(401, { message: 'unauthorized' });
      return;
    }
    const url = new URL(request.url ?? '/', 'http://localhost');
    const limit = Number(url.searchParams.get('limit') ?? 20);
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const byId = /^\/api\/v1\/users\/([0-9a-f-]{36})$/.exec(url.pathname);
    const byRole = /^\/api\/v1\/users\/by-role\/(buyer|seller|admin)$/.exec(url.pathname);
    const run = async () => {
      if (byId) {
        // The same query shape as the service: the id alone, the tombstone checked here.
        const view = await views.findOne({ _id: byId[1]! }, { projection: { ...FIELDS, deleted: 1 } });
        if (!view || view.deleted) return send(404, { message: 'user not found' });
        const { deleted: _deleted, ...live } = view;
        return send(200, toResponse(live));
      }
      if (url.pathname !== '/api/v1/users' && !byRole) return send(404, { message: 'not found' });
      const filter = byRole ? { roles: byRole[1]!, deleted: false } : { deleted: false };
      const [page, total] = await Promise.all([
        views.find(filter, { projection: FIELDS }).sort({ createdAt: 1, _id: 1 }).skip(offset).limit(limit).toArray(),
        views.countDocuments(filter),
      ]);
      return send(200, { data: page.map(toResponse), total, limit, offset });
    };
    run().catch(() => send(500, { message: 'error' }));
  });
  server.listen(Number(PORT), '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : PORT}\n`);
  });
}

// Exit normally on SIGTERM, so that --cpu-prof (BENCH_CPU_PROF) gets to write its profile.
process.on('SIGTERM', () => process.exit(0));
void main();
