import { mongo } from 'mongoose';
import { isDatabaseUnavailable } from './database-errors';

describe('isDatabaseUnavailable', () => {
  const outage = () => new mongo.MongoNetworkError('connect ECONNREFUSED 127.0.0.1:27017');

  it('recognises the driver errors of an outage', () => {
    expect(isDatabaseUnavailable(outage())).toBe(true);
    expect(isDatabaseUnavailable(new mongo.MongoServerSelectionError('timed out', {} as never))).toBe(true);
  });

  it('sees the outage inside the error of an unordered bulk write', () => {
    expect(isDatabaseUnavailable(new mongo.MongoBulkWriteError(outage(), {} as never))).toBe(true);
  });

  it('does not take a rejected write for an outage', () => {
    const duplicate = new mongo.MongoBulkWriteError(
      { message: 'E11000 duplicate key error', code: 11000, writeErrors: [] },
      {} as never,
    );
    expect(isDatabaseUnavailable(duplicate)).toBe(false);
    expect(isDatabaseUnavailable(new mongo.MongoServerError({ message: 'bad', code: 2 }))).toBe(false);
    expect(isDatabaseUnavailable(new Error('MongoNetworkError'))).toBe(false);
  });
});
