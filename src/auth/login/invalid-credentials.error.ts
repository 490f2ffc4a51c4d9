/** One error for an unknown email, a wrong password and an inactive account alike. */
export class InvalidCredentialsError extends Error {
  override name = 'InvalidCredentialsError';

  constructor() {
    super('invalid email or password');
  }
}
