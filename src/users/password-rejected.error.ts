/** Thrown for a password the policy refuses; the message says why, for the 400. */
export class PasswordRejectedError extends Error {
  override name = 'PasswordRejectedError';
}
