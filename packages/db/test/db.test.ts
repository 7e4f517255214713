import { Schema } from 'mongoose';
import { testEnv, testLogger, uniqueName } from '@rammeaftale/testing';
import { connectDatabase, closeDatabase, pingDatabase } from '../src';

const { logger } = testLogger('db-test');

describe('connectDatabase', () => {
  it('When connected to the real server, then documents round-trip and a ping answers', async () => {
    const conn = await connectDatabase({
      url: testEnv().MONGO_URL,
      dbName: uniqueName('db'),
      logger,
    });
    try {
      const Thing = conn.model('Thing', new Schema({ name: String, n: Number }));
      await Thing.create({ name: 'Køge', n: 259 });
      const found = await Thing.findOne({ name: 'Køge' }).lean();
      expect(found?.n).toBe(259);
      expect(await pingDatabase(conn)).toBe(true);
      const hello = await conn.db!.admin().command({ buildInfo: 1 });
      // Evidence in the test log of which server answered (FerretDB locally, MongoDB elsewhere).
      expect(typeof hello.version).toBe('string');
    } finally {
      await closeDatabase(conn);
    }
  });

  it('When a filter names an unknown path, then the query throws instead of matching everything', async () => {
    const conn = await connectDatabase({
      url: testEnv().MONGO_URL,
      dbName: uniqueName('db'),
      logger,
    });
    try {
      const Thing = conn.model('Thing', new Schema({ name: String }));
      await Thing.create({ name: 'a' });
      await expect(Thing.find({ nope: 'x' } as never)).rejects.toThrow(/strictQuery|not in schema/);
    } finally {
      await closeDatabase(conn);
    }
  });

  it('When a filter value is an operator object, then sanitizeFilter refuses it instead of returning data', async () => {
    const conn = await connectDatabase({
      url: testEnv().MONGO_URL,
      dbName: uniqueName('db'),
      logger,
    });
    try {
      const Thing = conn.model('Thing', new Schema({ name: String }));
      await Thing.create([{ name: 'a' }, { name: 'b' }]);
      // Wrapped in $eq, the object can only be compared as a value: it fails to cast, never matches all.
      await expect(Thing.find({ name: { $ne: 'zzz' } } as never).lean()).rejects.toThrow(
        /Cast to string failed/,
      );
    } finally {
      await closeDatabase(conn);
    }
  });

  it('When nothing listens at the URL, then connecting gives up after the configured retries', async () => {
    const started = Date.now();
    await expect(
      connectDatabase({
        url: 'mongodb://127.0.0.1:1',
        dbName: 'x',
        logger,
        retries: 2,
        retryDelayMs: 10,
        serverSelectionTimeoutMs: 300,
      }),
    ).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
