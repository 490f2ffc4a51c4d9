import { Module } from '@nestjs/common';
import { LogMailer, Mailer } from './mailer';
import { SendWelcomeEmailOnUserCreated } from './send-welcome-email-on-user-created';

/** Reactions to user events that are not read models: the welcome e-mail. */
@Module({
  providers: [{ provide: Mailer, useClass: LogMailer }, SendWelcomeEmailOnUserCreated],
})
export class NotificationsModule {}
