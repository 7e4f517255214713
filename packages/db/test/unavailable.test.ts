import { mongoose, isDatabaseUnavailable } from '../src';

const { MongoBulkWriteError, MongoNetworkError, MongoServerError } = mongoose.mongo;
const noResult = {} as ConstructorParameters<typeof MongoBulkWriteError>[1];

describe('isDatabaseUnavailable', () => {
  it('When an insertMany loses its connection, then the bulk error the driver wraps it in is "unavailable" (503, not 500)', () => {
    const lost = new MongoNetworkError('connection 3 to 127.0.0.1:27017 closed');
    expect(isDatabaseUnavailable(lost)).toBe(true);
    expect(isDatabaseUnavailable(new MongoBulkWriteError(lost, noResult))).toBe(true);
  });

  it('When a bulk write is refused by the server (a duplicate key), then it is not "unavailable"', () => {
    const refused = new MongoBulkWriteError(
      { message: 'E11000 duplicate key', code: 11000, writeErrors: [] },
      noResult,
    );
    expect(isDatabaseUnavailable(refused)).toBe(false);
    const serverError = new MongoServerError({ message: 'not supported', code: 115 });
    expect(isDatabaseUnavailable(new MongoBulkWriteError(serverError, noResult))).toBe(false);
  });
});
