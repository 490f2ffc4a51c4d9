import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { Role } from '../contracts/user-events';

/**
 * The read model: one document per user, shaped for the queries, written only by the
 * projection. A deleted user stays as a tombstone (deleted: true, no personal data) so
 * that a late event can never bring them back.
 */
@Schema({ collection: 'users_read', versionKey: false })
export class UserView {
  @Prop({ type: String, required: true })
  _id: string;

  @Prop({ type: String })
  email?: string;

  @Prop({ type: String })
  name?: string;

  @Prop({ type: [String], default: undefined })
  roles?: Role[];

  @Prop({ type: Boolean, required: true })
  isActive: boolean;

  @Prop({ type: Date })
  createdAt?: Date;

  @Prop({ type: Date })
  updatedAt?: Date;

  /** The version of the last event applied: older or equal events are skipped. */
  @Prop({ type: Number, required: true })
  version: number;

  @Prop({ type: Number })
  roleCount?: number;

  @Prop({ type: Boolean })
  isBuyer?: boolean;

  @Prop({ type: Boolean })
  isSeller?: boolean;

  @Prop({ type: Boolean, required: true })
  deleted: boolean;

  @Prop({ type: Date })
  deletedAt?: Date;
}

export const UserViewSchema = SchemaFactory.createForClass(UserView);
// Every query filters on `deleted` and sorts by (createdAt, _id).
UserViewSchema.index({ deleted: 1, createdAt: 1, _id: 1 });
UserViewSchema.index({ roles: 1, deleted: 1, createdAt: 1, _id: 1 });
UserViewSchema.index({ email: 1 });
