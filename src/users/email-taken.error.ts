export class EmailTakenError extends Error {
  override name = 'EmailTakenError';

  constructor() {
    super('email is already registered');
  }
}
