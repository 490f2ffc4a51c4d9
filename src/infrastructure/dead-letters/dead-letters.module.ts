import { Global, Module } from '@nestjs/common';
import { DeadLetterStore } from './dead-letter-store';
import { DeadLetters } from './dead-letters';

@Global()
@Module({ providers: [DeadLetterStore, DeadLetters], exports: [DeadLetterStore, DeadLetters] })
export class DeadLettersModule {}
