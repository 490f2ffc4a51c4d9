import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';
import type { Role } from '../contracts/user-events';
import type { OutboxEntry } from '../infrastructure/outbox/outbox-entry';

/**
 * The write model. Holds the password hash (and is the only place that does) and the
 * outbox: events written in the same single-document write as the change they describe.
 */
@Schema({ collection: 'users', versionKey: false, minimize: false })
export class User {
  @Prop({ type: String, required: true })
  _id: string;

  /** Trimmed, NFC-normalized, lower-cased; unique among all users, deleted ones included (see deletedEmail). */
  @Prop({ type: String, required: true, unique: true })
  email: string;

  @Prop({ type: String, required: true })
  passwordHash: string;

  @Prop({ type: String, required: true })
  name: string;

  @Prop({ type: [String], required: true })
  roles: Role[];

  @Prop({ type: Boolean, required: true })
  isActive: boolean;

  @Prop({ type: Date, required: true })
  createdAt: Date;

  @Prop({ type: Date, required: true })
  updatedAt: Date;

  @Prop({ type: Date })
  deletedAt?: Date;

  /** A deleted user's address, kept for audit; `email` then holds a placeholder so it can be registered again. */
  @Prop({ type: String })
  deletedEmail?: string;

  /** 1 at creation, +1 per change; every event carries the version it produced. */
  @Prop({ type: Number, required: true })
  version: number;

  /** Pending events keyed by event id. */
  @Prop({ type: MongooseSchema.Types.Mixed, required: true })
  outbox: Record<string, OutboxEntry>;

  /**
   * The keys of `outbox`, kept in the same writes: pending documents are found by this index,
   * and removing a published id ($pull) is idempotent, so a repeat does no harm.
   */
  @Prop({ type: [String], required: true, index: true })
  outboxIds: string[];
}

export const UserSchema = SchemaFactory.createForClass(User);
