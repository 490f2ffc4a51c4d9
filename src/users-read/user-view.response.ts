import type { Role } from '../contracts/user-events';
import type { UserView } from './user-view.schema';

/** A user as every query returns it, mapped field by field from `users_read`. */
export interface UserViewResponse {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  isActive: boolean;
  createdAt: string;
  updatedAt: string;
  version: number;
  roleCount: number;
  isBuyer: boolean;
  isSeller: boolean;
}

export interface Page<T> {
  data: T[];
  total: number;
  limit: number;
  offset: number;
}

/** The only fields a query ever reads: an inclusion projection, so nothing else can leak. */
export const USER_VIEW_FIELDS = {
  _id: 1,
  email: 1,
  name: 1,
  roles: 1,
  isActive: 1,
  createdAt: 1,
  updatedAt: 1,
  version: 1,
  roleCount: 1,
  isBuyer: 1,
  isSeller: 1,
} as const;

export type LiveUserView = Required<Pick<UserView, keyof typeof USER_VIEW_FIELDS>>;

export function toUserViewResponse(view: LiveUserView): UserViewResponse {
  return {
    id: view._id,
    email: view.email,
    name: view.name,
    roles: view.roles,
    isActive: view.isActive,
    createdAt: view.createdAt.toISOString(),
    updatedAt: view.updatedAt.toISOString(),
    version: view.version,
    roleCount: view.roleCount,
    isBuyer: view.isBuyer,
    isSeller: view.isSeller,
  };
}
