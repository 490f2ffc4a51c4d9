/** The actor may not make this change; the message says why. */
export class ChangeForbiddenError extends Error {
  override name = 'ChangeForbiddenError';
}
