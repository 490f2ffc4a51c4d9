import type { FastifyInstance } from 'fastify';
import { type Connection, ConnectionStates } from 'mongoose';
import { errorBody } from '../http/error-body';

/**
 * While the driver knows MongoDB is unreachable, API requests get a 503 at once instead of
 * each waiting for server selection to time out. The driver's heartbeat keeps probing, so
 * requests go through again as soon as the database is back. Health and docs stay open.
 */
export function registerDatabaseBreaker(fastify: FastifyInstance, connection: Connection): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    if (connection.readyState === ConnectionStates.connected || !request.url.startsWith('/api/')) {
      done();
      return;
    }
    void reply
      .status(503)
      .header('Retry-After', '1')
      .send(errorBody(503, 'service temporarily unavailable, retry later', String(request.id)));
  });
}
