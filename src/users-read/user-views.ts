import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import type { Role } from '../contracts/user-events';
import { UserView } from './user-view.schema';
import { LiveUserView, Page, toUserViewResponse, USER_VIEW_FIELDS, UserViewResponse } from './user-view.response';

const POLL_MS = 20;

/** Read-only access to live (not deleted) users in `users_read`, for the query handlers. */
@Injectable()
export class UserViews {
  constructor(@InjectModel(UserView.name) private readonly views: Model<UserView>) {}

  /**
   * By id alone, the tombstone check in code: FerretDB serves single-field filters from its
   * storage, but reads the whole collection for `{ _id, deleted }`.
   */
  async findById(id: string): Promise<UserViewResponse | undefined> {
    const view = await this.views
      .findOne({ _id: id }, { ...USER_VIEW_FIELDS, deleted: 1 })
      .lean<LiveUserView & { deleted: boolean }>()
      .exec();
    if (!view || view.deleted) return undefined;
    const { deleted: _deleted, ...live } = view;
    return toUserViewResponse(live);
  }

  /**
   * Waits until `users_read` holds at least `minVersion` of the user (a tombstone counts),
   * polling for at most `timeoutMs`. Returns the version reached, or undefined on timeout.
   */
  async waitForVersion(id: string, minVersion: number, timeoutMs: number): Promise<number | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const view = await this.views.findOne({ _id: id }, { version: 1 }).lean<{ version: number }>().exec();
      if (view && view.version >= minVersion) return view.version;
      if (Date.now() >= deadline) return undefined;
      await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, Math.max(1, deadline - Date.now()))));
    }
  }

  /** One page in (createdAt, id) order, with the total of the same filter. */
  async page(filter: { role?: Role }, limit: number, offset: number): Promise<Page<UserViewResponse>> {
    const query = filter.role ? { roles: filter.role, deleted: false } : { deleted: false };
    const [views, total] = await Promise.all([
      this.views
        .find(query, USER_VIEW_FIELDS)
        .sort({ createdAt: 1, _id: 1 })
        .skip(offset)
        .limit(limit)
        .lean<LiveUserView[]>()
        .exec(),
      this.views.countDocuments(query).exec(),
    ]);
    return { data: views.map(toUserViewResponse), total, limit, offset };
  }
}
