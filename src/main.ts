import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { createApp } from './app.factory';
import { ConfigError } from './config/config-error';
import { loadConfig } from './config/load-config';
import { StartupError } from './infrastructure/startup-error';

async function bootstrap(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig(process.env);
  const app = await createApp(config);
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
}

bootstrap().catch((error: unknown) => {
  // Start-up failures are one clear line on stderr: the logger may not exist yet.
  const known = error instanceof ConfigError || error instanceof StartupError;
  const message = known ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`${error instanceof ConfigError ? 'Configuration error: ' : 'Start-up failed: '}${message}\n`);
  process.exit(1);
});
