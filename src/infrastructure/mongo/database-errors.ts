/** Driver errors that mean "the database is unreachable right now", not "this is wrong". */
const UNAVAILABLE =
  /^Mongo(ose)?(ServerSelection|Network|NetworkTimeout|NotConnected|TopologyClosed|PoolCleared|ServerClosed|ClientClosed)Error$/;

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (UNAVAILABLE.test(error.name)) return true;
  // An unordered bulk write reports the outage it ran into inside a MongoBulkWriteError.
  const cause = (error as { errorResponse?: unknown }).errorResponse;
  return error.name === 'MongoBulkWriteError' && cause instanceof Error && UNAVAILABLE.test(cause.name);
}
