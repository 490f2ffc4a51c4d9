import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { existsSync } from 'node:fs';
import { AppModule } from '../app.module';
import { ProcessRole } from '../config/process-role';
import { loadConfig } from '../config/load-config';
import { BootstrapLogger } from '../infrastructure/logging/bootstrap-logger';

/**
 * The service's modules without HTTP and without background work, for command-line tools.
 * Same configuration as the service (.env, environment); logs only warnings by default.
 */
export async function createToolContext(): Promise<INestApplicationContext> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  return NestFactory.createApplicationContext(AppModule.forRoot(config, { role: ProcessRole.tool() }), {
    logger: new BootstrapLogger(config),
    abortOnError: false,
  });
}

/** Runs a tool, printing a failure as one line and setting the exit code. */
export function runTool(main: () => Promise<number>): void {
  main().then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
