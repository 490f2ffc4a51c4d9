/** Driver errors that mean "the database is unreachable right now", not "this is wrong". */
const UNAVAILABLE =
  /^Mongo(ose)?(ServerSelection|Network|NetworkTimeout|NotConnected|TopologyClosed|PoolCleared|ServerClosed|ClientClosed)Error$/;

export function isDatabaseUnavailable(error: unknown): boolean {
  return error instanceof Error && UNAVAILABLE.test(error.name);
}
