import { Injectable } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';

export interface WelcomeEmail {
  userId: string;
  email: string;
  name: string;
}

/** Sends e-mail. Swap the implementation for a real provider; the consumer does not change. */
export abstract class Mailer {
  abstract sendWelcome(message: WelcomeEmail): Promise<void>;
}

/** The default: writes the intent to the log and sends nothing. */
@Injectable()
export class LogMailer extends Mailer {
  constructor(@InjectPinoLogger(LogMailer.name) private readonly logger: PinoLogger) {
    super();
  }

  sendWelcome({ userId }: WelcomeEmail): Promise<void> {
    this.logger.info({ user_id: userId }, 'Sending welcome email to user');
    return Promise.resolve();
  }
}
