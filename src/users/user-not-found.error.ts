export class UserNotFoundError extends Error {
  override name = 'UserNotFoundError';

  constructor() {
    super('user not found');
  }
}
