import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

/**
 * On shutdown, stops taking requests and lets those in flight finish before the database
 * and NATS connections close (Nest closes the HTTP server only after them otherwise, and
 * requests in flight would fail).
 */
@Injectable()
export class HttpDrain implements BeforeApplicationShutdown {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  async beforeApplicationShutdown(): Promise<void> {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as { listening?: boolean } | undefined;
    if (server?.listening) await this.adapterHost.httpAdapter.close();
  }
}
