export default async function globalTeardown(): Promise<void> {
  const started = (globalThis as { __testServers?: Array<{ destroy: () => Promise<void> }> }).__testServers ?? [];
  await Promise.all(started.map((server) => server.destroy()));
}
