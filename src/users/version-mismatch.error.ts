/** The client's If-Match names a version the user no longer has. */
export class VersionMismatchError extends Error {
  override name = 'VersionMismatchError';

  constructor(readonly currentVersion: number) {
    super(`the user has changed: current version is ${currentVersion}`);
  }
}
