import { spawnSync } from 'node:child_process';
import { launchFerretDb, ServerProcess, startFerretDb } from '../../test/support/servers';

export { freePort, startFerretDb, startNats } from '../../test/support/servers';

/** Whether `psql` can reach the PostgreSQL on 127.0.0.1:5432 as postgres. */
export function postgresAvailable(): boolean {
  const result = spawnSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-tAc', 'select 1'], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.trim() === '1';
}

/** FerretDB on its PostgreSQL backend, on a database of its own (dropped by destroy()). */
export async function startFerretDbOnPostgres(): Promise<ServerProcess> {
  const database = `ferretdb_bench_${Date.now()}`;
  const psql = (sql: string) =>
    spawnSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-c', sql], { encoding: 'utf8' });
  if (psql(`CREATE DATABASE ${database}`).status !== 0) throw new Error('could not create the PostgreSQL database');
  const server = await launchFerretDb(() => [
    '--handler=postgresql',
    `--postgresql-url=postgres://postgres@127.0.0.1:5432/${database}`,
  ]);
  return {
    ...server,
    destroy: async () => {
      await server.destroy();
      psql(`DROP DATABASE IF EXISTS ${database}`);
    },
  };
}

export { startFerretDb as startFerretDbOnSqlite };
