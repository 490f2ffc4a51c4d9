import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Subscription } from 'nats';
import { AppConfig } from '../config/app-config';
import { NatsClient } from '../infrastructure/nats/nats-client';
import { User } from './user.schema';
import { UsersRepository } from './users.repository';

export type Access = Pick<User, 'roles' | 'isActive'>;

/** A bound on memory: past it the cache starts over. */
const MAX_ENTRIES = 100_000;

/**
 * Who a token's subject is now (active? which roles?), as the guard asks on every request,
 * kept for AUTH_CACHE_TTL_MS so that a read costs one database round trip, not two.
 *
 * A change drops the entry at once in the process that made it, and in every other process
 * when the change's event reaches it (a plain NATS subscription to updated/deleted). Only
 * if NATS is unreachable can another process act on an older entry, for at most the TTL.
 * A read that raced a change is not kept (the generation check).
 */
@Injectable()
export class UserAccessCache implements OnModuleInit, OnModuleDestroy {
  private readonly entries = new Map<string, { access: Access | null; expires: number }>();
  private generation = 0;
  private subscription: Subscription | undefined;

  constructor(
    private readonly users: UsersRepository,
    private readonly config: AppConfig,
    private readonly nats: NatsClient,
  ) {}

  onModuleInit(): void {
    if (this.config.authCacheTtlMs === 0) return;
    this.subscription = this.nats.connection.subscribe(`${this.config.subjectPrefix}.*`, {
      callback: (error, message) => {
        if (error || message.subject.endsWith('.created')) return;
        try {
          const { userId } = JSON.parse(new TextDecoder().decode(message.data)) as { userId?: unknown };
          if (typeof userId === 'string') this.invalidate(userId);
        } catch {
          // not an event of ours: nothing to drop
        }
      },
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  async get(userId: string): Promise<Access | null> {
    const ttl = this.config.authCacheTtlMs;
    if (ttl === 0) return this.users.findAccess(userId);
    const hit = this.entries.get(userId);
    if (hit && hit.expires > Date.now()) return hit.access;
    const generation = this.generation;
    const access = await this.users.findAccess(userId);
    if (generation === this.generation) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(userId, { access, expires: Date.now() + ttl });
    }
    return access;
  }

  invalidate(userId: string): void {
    this.entries.delete(userId);
    this.generation++;
  }
}
