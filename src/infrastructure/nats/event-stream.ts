import { Injectable } from '@nestjs/common';
import { nanos, RetentionPolicy, StorageType } from 'nats';
import { AppConfig } from '../../config/app-config';
import { NatsClient } from './nats-client';

/** Window in which JetStream drops a second publish with the same Nats-Msg-Id. */
const DUPLICATE_WINDOW_MS = 2 * 60_000;

/**
 * The JetStream stream that is the event log: file storage, every subject under the
 * configured prefix, kept until deleted (a read-model rebuild replays it from the start).
 */
@Injectable()
export class EventStream {
  readonly name: string;
  readonly subjects: string;

  constructor(
    private readonly nats: NatsClient,
    config: AppConfig,
  ) {
    this.name = config.natsStream;
    this.subjects = `${config.subjectPrefix}.>`;
  }

  /** Creates the stream when it is missing; an existing stream is left as it is. */
  async ensure(): Promise<void> {
    try {
      await this.nats.manager.streams.info(this.name);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await this.nats.manager.streams.add({
        name: this.name,
        subjects: [this.subjects],
        storage: StorageType.File,
        retention: RetentionPolicy.Limits,
        duplicate_window: nanos(DUPLICATE_WINDOW_MS),
      });
    }
  }
}

export function isNotFound(error: unknown): boolean {
  return error instanceof Error && /not found/i.test(error.message);
}
