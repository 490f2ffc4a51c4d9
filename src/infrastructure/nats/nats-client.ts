import { Events, JetStreamClient, JetStreamManager, NatsConnection } from 'nats';

/** The one NATS connection of the process, with its JetStream handles. */
export abstract class NatsClient {
  abstract readonly connection: NatsConnection;
  abstract readonly jetstream: JetStreamClient;
  abstract readonly manager: JetStreamManager;
  /** False between a disconnect and the reconnect that follows it. */
  abstract isConnected(): boolean;
}

export class ConnectedNatsClient extends NatsClient {
  readonly jetstream: JetStreamClient;
  private connected = true;

  constructor(
    readonly connection: NatsConnection,
    readonly manager: JetStreamManager,
  ) {
    super();
    this.jetstream = connection.jetstream();
    void this.watch();
  }

  isConnected(): boolean {
    return this.connected && !this.connection.isClosed();
  }

  private async watch(): Promise<void> {
    for await (const status of this.connection.status()) {
      if (status.type === Events.Disconnect) this.connected = false;
      if (status.type === Events.Reconnect) this.connected = true;
    }
  }
}
