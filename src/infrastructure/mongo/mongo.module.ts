import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AppConfig } from '../../config/app-config';
import { redactUrl, StartupError } from '../startup-error';

/** How long one operation waits for a reachable server before failing (and the API answering 503). */
const SERVER_SELECTION_TIMEOUT_MS = 3000;
const RETRY_DELAY_MS = 1000;

@Module({
  imports: [
    MongooseModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        uri: config.mongodbUri,
        // Operator objects from client input are wrapped in $eq: never a query injection.
        sanitizeFilter: true,
        // Fail at once while disconnected instead of queueing commands in memory.
        bufferCommands: false,
        serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS,
        // Notice a lost or returned server within a second (see the database breaker).
        heartbeatFrequencyMS: 1000,
        retryAttempts: Math.max(1, Math.ceil(config.startupTimeoutMs / (SERVER_SELECTION_TIMEOUT_MS + RETRY_DELAY_MS))),
        retryDelay: RETRY_DELAY_MS,
        verboseRetryLog: true,
        connectionErrorFactory: (error: Error) =>
          new StartupError(
            `Cannot connect to MongoDB at ${redactUrl(config.mongodbUri)} (MONGODB_URI): ${error.message}`,
          ),
      }),
    }),
  ],
})
export class MongoModule {}
