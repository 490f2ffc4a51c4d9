import { Injectable } from '@nestjs/common';
import { KeyedLock } from '../infrastructure/runtime/keyed-lock';

/**
 * Every write to one user document, within this process, one at a time: commands (read,
 * decide, compare-and-set) and the outbox bookkeeping alike.
 *
 * MongoDB applies each update to a document atomically, filter included, so there the
 * compare-and-set on `version` is enough, across any number of processes. FerretDB v1 does
 * not: it reads the matching document, applies the update in memory and writes the whole
 * document back, outside any transaction, so a filter like `{ version: 3 }` is checked
 * before the write rather than with it, and two concurrent writes to one document can lose
 * one. This queue makes FerretDB correct within one process; several API processes need
 * MongoDB.
 */
@Injectable()
export class UserWriteLock extends KeyedLock {}
