import { Injectable } from '@nestjs/common';
import { dictionary } from '@zxcvbn-ts/language-common';
import { AppConfig } from '../config/app-config';
import { PasswordRejectedError } from './password-rejected.error';

/**
 * Optional rules beyond the length limits: with PASSWORD_DENYLIST on, the 49,000 most
 * common passwords (the ranked list of @zxcvbn-ts/language-common, compared case-insensitively)
 * are refused at registration. Off by default so the documented example requests work.
 */
@Injectable()
export class PasswordPolicy {
  private readonly denied: ReadonlySet<string>;

  constructor(config: AppConfig) {
    this.denied = config.passwordDenylist
      ? new Set(dictionary['passwords-common'].map((password) => password.toLowerCase()))
      : new Set();
  }

  get denylistSize(): number {
    return this.denied.size;
  }

  check(password: string): void {
    if (this.denied.has(password.toLowerCase())) {
      throw new PasswordRejectedError('password is one of the most common passwords; choose another');
    }
  }
}
