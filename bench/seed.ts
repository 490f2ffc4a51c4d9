import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';

export const SEED_PASSWORD = 'bench-password-1';

/**
 * 10,000 users written straight into both collections, as the pipeline would have left
 * them (a third sellers), all with the same bcrypt hash of SEED_PASSWORD: hashing 10,000
 * passwords at a real cost would take longer than the whole benchmark.
 */
export async function seedUsers(uri: string, count: number, passwordHash: string): Promise<string[]> {
  const client = await new MongoClient(uri).connect();
  try {
    const db = client.db();
    const start = Date.UTC(2026, 0, 1);
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1000) {
      const users = [];
      const views = [];
      for (let j = i; j < Math.min(count, i + 1000); j++) {
        const id = randomUUID();
        ids.push(id);
        const at = new Date(start + j * 1000);
        const roles = j % 3 === 0 ? ['buyer', 'seller'] : ['buyer'];
        const email = `bench-${j}@example.com`;
        const base = {
          email,
          name: `Bench User ${j}`,
          roles,
          isActive: true,
          createdAt: at,
          updatedAt: at,
          version: 1,
        };
        users.push({ _id: id, ...base, passwordHash, outbox: {}, outboxIds: [] });
        views.push({
          _id: id,
          ...base,
          roleCount: roles.length,
          isBuyer: true,
          isSeller: roles.includes('seller'),
          deleted: false,
        });
      }
      await db.collection('users').insertMany(users as never[]);
      await db.collection('users_read').insertMany(views as never[]);
      // The bare projector's collection starts the same size as users_read.
      await db.collection('users_read_bare').insertMany(views.map((view) => ({ ...view })) as never[]);
    }
    return ids;
  } finally {
    await client.close();
  }
}
