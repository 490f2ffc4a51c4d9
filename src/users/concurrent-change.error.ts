/** The change kept losing races with other changes to the same user; the client may retry. */
export class ConcurrentChangeError extends Error {
  override name = 'ConcurrentChangeError';

  constructor() {
    super('the user is being changed concurrently, retry');
  }
}
