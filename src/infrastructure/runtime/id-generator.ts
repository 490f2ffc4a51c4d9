import { randomUUID } from 'node:crypto';

/** New entity and event ids, injectable so tests can make them predictable. */
export abstract class IdGenerator {
  abstract next(): string;
}

export class UuidGenerator extends IdGenerator {
  next(): string {
    return randomUUID();
  }
}
