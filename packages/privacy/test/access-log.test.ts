import type { Connection } from 'mongoose';
import type { Actor } from '@rammeaftale/auth';
import {
  MissingTenantScopeError,
  closeDatabase,
  connectDatabase,
  crossTenant,
  partyScope,
} from '@rammeaftale/db';
import { withCorrelation } from '@rammeaftale/logging';
import { testEnv, testLogger, uniqueName } from '@rammeaftale/testing';
import {
  AccessLogImmutableError,
  AccessLogValidationError,
  AccessLogWriteError,
  accessLogModel,
  accessLogger,
  createAccessLogRepository,
  runRetention,
  type AccessLogInput,
  type AccessLogRepository,
} from '../src';

const silent = testLogger('privacy-test').logger;
const DAY = 24 * 60 * 60 * 1000;
/** Reads across organisations, as the citizen's extract and the operator's search make them. */
const EVERYONE = crossTenant("the access-log tests read every organisation's entries");

let conn: Connection;
let repo: AccessLogRepository;

beforeAll(async () => {
  conn = await connectDatabase({
    url: testEnv().MONGO_URL,
    dbName: uniqueName('privacy_access_log'),
    logger: silent,
  });
  repo = createAccessLogRepository(conn);
  await accessLogModel(conn).init();
});

afterAll(async () => {
  await closeDatabase(conn);
});

/** A case worker of Greve reading one order of a citizen; override what the test is about. */
function anEntry(overrides: Partial<AccessLogInput> = {}): AccessLogInput {
  return {
    userId: 'user-greve-1',
    role: 'caseworker',
    organisationId: 'mun-253',
    action: 'read',
    purpose: 'order-processing',
    citizenRef: uniqueName('citizen'),
    resource: { type: 'order', id: uniqueName('order') },
    correlationId: 'corr-1',
    ...overrides,
  };
}

const greveCaseWorker: Actor = {
  userId: 'user-greve-2',
  role: 'caseworker',
  organisationId: 'mun-253',
};

describe('access log: recording', () => {
  it('When an access is recorded, then the stored entry holds who, when, what and why', async () => {
    const input = anEntry({ at: new Date('2026-03-01T10:00:00Z') });
    const entry = await repo.record(input);
    expect(entry).toEqual({
      id: expect.any(String) as string,
      at: new Date('2026-03-01T10:00:00Z'),
      userId: 'user-greve-1',
      role: 'caseworker',
      organisationId: 'mun-253',
      action: 'read',
      purpose: 'order-processing',
      citizenRef: input.citizenRef,
      resource: input.resource,
      correlationId: 'corr-1',
    });
    const stored = await accessLogModel(conn).findOne({ citizenRef: input.citizenRef! }).lean();
    expect(stored?.purpose).toBe('order-processing');
  });

  it('When no time or correlation id is given, then now and the current correlation id are recorded', async () => {
    const before = Date.now();
    const { correlationId: _drop, ...input } = anEntry();
    const entry = await withCorrelation('req-42', () => repo.record(input));
    expect(entry.correlationId).toBe('req-42');
    expect(entry.at.getTime()).toBeGreaterThanOrEqual(before);
    expect(entry.at.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('When the purpose, user, action or resource is missing, then nothing is recorded and the fields are named', async () => {
    const citizenRef = uniqueName('citizen');
    const incomplete = [
      { ...anEntry({ citizenRef }), purpose: '' },
      { ...anEntry({ citizenRef }), purpose: '   ' },
      { ...anEntry({ citizenRef }), userId: undefined },
      { ...anEntry({ citizenRef }), action: 'erase' },
      { ...anEntry({ citizenRef }), role: 'admin' },
      { ...anEntry({ citizenRef }), resource: { type: 'order' } },
      { ...anEntry({ citizenRef }), extra: 'field' },
      { ...anEntry({ citizenRef }), at: new Date('nope') },
    ];
    for (const entry of incomplete)
      await expect(repo.record(entry as AccessLogInput)).rejects.toThrow(AccessLogValidationError);
    await expect(repo.record({ ...anEntry(), purpose: '' })).rejects.toThrow(/purpose/);
    expect(await repo.extractForCitizen(EVERYONE, citizenRef)).toEqual([]);
  });

  it('When neither a citizen reference nor a search criterion is given, or a search lacks its criterion, then it is refused', async () => {
    const { citizenRef: _drop, ...noCitizen } = anEntry();
    await expect(repo.record(noCitizen)).rejects.toThrow(
      /either citizenRef or searchCriterion is required/,
    );
    await expect(repo.record(anEntry({ action: 'search' }))).rejects.toThrow(
      /searchCriterion: a search must record its criterion/,
    );
  });

  it('When an identifier looks like a CPR number, then the entry is refused and the error does not echo it', async () => {
    for (const overrides of [
      { citizenRef: '0707614285' },
      { citizenRef: '070761-4285' },
      { resource: { type: 'citizen', id: '0707614285' } },
      { userId: 'x0707614285' },
    ]) {
      const err = await repo.record(anEntry(overrides)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AccessLogValidationError);
      expect((err as Error).message).toMatch(/looks like a CPR number/);
      expect((err as Error).message).not.toMatch(/070761/);
    }
    const stored = await accessLogModel(conn).find({ citizenRef: '0707614285' }).lean();
    expect(stored).toEqual([]);
  });

  it('When a search criterion or purpose holds a CPR-shaped value, then it is stored with the number blanked out', async () => {
    const entry = await repo.record(
      anEntry({
        action: 'search',
        citizenRef: undefined,
        searchCriterion: 'cpr=070761-4285 and name=Hansen',
        purpose: 'check of 0707614285 before placement',
      }),
    );
    expect(entry.searchCriterion).toBe('cpr=[CPR] and name=Hansen');
    expect(entry.purpose).toBe('check of [CPR] before placement');
    const everything = await conn.db!.collection('access_log').find().toArray();
    expect(JSON.stringify(everything)).not.toMatch(/070761/);
  });

  it('When several accesses are recorded at once and one is malformed, then none is written', async () => {
    const citizenRef = uniqueName('citizen');
    await expect(
      repo.recordMany([anEntry({ citizenRef }), { ...anEntry({ citizenRef }), purpose: '' }]),
    ).rejects.toThrow(/\[1\]\.purpose/);
    expect(await repo.extractForCitizen(EVERYONE, citizenRef)).toEqual([]);

    const written = await repo.recordMany([
      anEntry({ citizenRef, action: 'export', purpose: 'case file export' }),
      anEntry({ citizenRef, action: 'read' }),
    ]);
    expect(written.map((e) => e.action)).toEqual(['export', 'read']);
    expect(await repo.extractForCitizen(EVERYONE, citizenRef)).toHaveLength(2);
    expect(await repo.recordMany([])).toEqual([]);
  });
});

describe('access log: extract and search', () => {
  it('When a citizen asks who looked at their data, then the extract lists every access to them in time order with user, organisation and purpose', async () => {
    const citizenRef = uniqueName('citizen');
    const t = (day: number) => new Date(Date.UTC(2026, 0, day, 9));
    await repo.recordMany([
      anEntry({ citizenRef, at: t(3), userId: 'u-koge', organisationId: 'mun-259' }),
      anEntry({ citizenRef, at: t(1), action: 'create', purpose: 'new order' }),
      anEntry({ citizenRef, at: t(2), userId: 'u-sup', role: 'supplier', organisationId: 'p-7' }),
      anEntry({ at: t(2) }), // another citizen
    ]);

    const extract = await repo.extractForCitizen(EVERYONE, citizenRef);
    expect(extract.map((e) => [e.at, e.userId, e.organisationId, e.action, e.purpose])).toEqual([
      [t(1), 'user-greve-1', 'mun-253', 'create', 'new order'],
      [t(2), 'u-sup', 'p-7', 'read', 'order-processing'],
      [t(3), 'u-koge', 'mun-259', 'read', 'order-processing'],
    ]);

    const window = await repo.extractForCitizen(EVERYONE, citizenRef, { from: t(2), to: t(2) });
    expect(window.map((e) => e.userId)).toEqual(['u-sup']);
    expect(await repo.extractForCitizen(EVERYONE, citizenRef, { from: t(3) })).toHaveLength(1);
    expect(await repo.extractForCitizen(EVERYONE, citizenRef, { to: t(1) })).toHaveLength(1);
  });

  it('When the citizen reference is an operator object, then the extract refuses it instead of returning data', async () => {
    await repo.record(anEntry());
    await expect(repo.extractForCitizen(EVERYONE, { $ne: null } as never)).rejects.toThrow(
      AccessLogValidationError,
    );
    await expect(
      repo.search(EVERYONE, { userId: { $gt: '' } as never, limit: 10 }),
    ).rejects.toThrow(AccessLogValidationError);
  });

  it('When the log is searched by user or organisation, then matching entries come newest first up to the limit', async () => {
    const userId = uniqueName('user');
    const organisationId = uniqueName('org');
    const t = (hour: number) => new Date(Date.UTC(2026, 1, 1, hour));
    await repo.recordMany([
      anEntry({ userId, organisationId, at: t(1) }),
      anEntry({ userId, organisationId, at: t(3) }),
      anEntry({ userId, organisationId, at: t(2) }),
      anEntry({ userId: uniqueName('user'), organisationId, at: t(4) }),
    ]);

    const byUser = await repo.search(EVERYONE, { userId, limit: 10 });
    expect(byUser.map((e) => e.at)).toEqual([t(3), t(2), t(1)]);
    expect(await repo.search(EVERYONE, { userId, limit: 2 })).toHaveLength(2);
    expect(
      await repo.search(partyScope('organisation', organisationId), { limit: 10 }),
    ).toHaveLength(4);
    expect(
      await repo.search(partyScope('organisation', organisationId), {
        from: t(2),
        to: t(3),
        limit: 10,
      }),
    ).toHaveLength(2);
    expect(await repo.search(partyScope('organisation', 'mun-999'), { userId, limit: 10 })).toEqual(
      [],
    );
  });

  it("When the extract or a search is scoped to one organisation, then only that organisation's entries come back, and a read without a scope is refused", async () => {
    const citizenRef = uniqueName('citizen');
    const koege = uniqueName('user');
    await repo.recordMany([
      anEntry({ citizenRef, userId: koege }),
      anEntry({ citizenRef, userId: koege, organisationId: 'mun-259' }),
    ]);
    const greve = partyScope('organisation', 'mun-253');
    expect((await repo.extractForCitizen(greve, citizenRef)).map((e) => e.organisationId)).toEqual([
      'mun-253',
    ]);
    expect(
      await repo.search(partyScope('organisation', 'mun-259'), { userId: koege, limit: 10 }),
    ).toHaveLength(1);
    await expect(repo.extractForCitizen(undefined as never, citizenRef)).rejects.toThrow(
      MissingTenantScopeError,
    );
    await expect(
      repo.search({ kind: 'municipality', id: 'mun-253' } as never, { limit: 10 }),
    ).rejects.toThrow(MissingTenantScopeError);
  });

  it('When a search asks for no limit, zero, or more than 1000 entries, then it is refused', async () => {
    for (const limit of [undefined, 0, 1001, 2.5])
      await expect(repo.search(EVERYONE, { limit } as never)).rejects.toThrow(/limit/);
  });
});

describe('access log: append-only', () => {
  it('When anything tries to update, replace or delete entries through the model, then it throws and the entry is unchanged', async () => {
    const entry = await repo.record(anEntry());
    const Model = accessLogModel(conn);
    const filter = { citizenRef: entry.citizenRef! };
    const attempts: [string, () => Promise<unknown>][] = [
      ['updateOne', () => Model.updateOne(filter, { purpose: 'changed' })],
      ['updateMany', () => Model.updateMany(filter, { purpose: 'changed' })],
      ['findOneAndUpdate', () => Model.findOneAndUpdate(filter, { purpose: 'changed' })],
      ['findByIdAndUpdate', () => Model.findByIdAndUpdate(entry.id, { purpose: 'changed' })],
      ['replaceOne', () => Model.replaceOne(filter, { ...anEntry(), at: new Date() })],
      [
        'findOneAndReplace',
        () => Model.findOneAndReplace(filter, { ...anEntry(), at: new Date() }),
      ],
      ['deleteOne', () => Model.deleteOne(filter)],
      ['deleteMany', () => Model.deleteMany({})],
      ['findOneAndDelete', () => Model.findOneAndDelete(filter)],
      ['findByIdAndDelete', () => Model.findByIdAndDelete(entry.id)],
      ['bulkWrite', () => Model.bulkWrite([{ deleteOne: { filter } }])],
      [
        'document save',
        async () => {
          const doc = await Model.findById(entry.id);
          doc!.purpose = 'changed';
          return doc!.save();
        },
      ],
      [
        'document deleteOne',
        async () => {
          const doc = await Model.findById(entry.id);
          return doc!.deleteOne();
        },
      ],
      [
        'document updateOne',
        async () => {
          const doc = await Model.findById(entry.id);
          await doc!.updateOne({ purpose: 'changed' });
        },
      ],
    ];
    for (const [name, attempt] of attempts) {
      const err = await attempt().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect([name, err]).toEqual([name, expect.any(AccessLogImmutableError)]);
    }
    const [after] = await repo.extractForCitizen(EVERYONE, entry.citizenRef!);
    expect(after).toEqual(entry);
  });

  it('When the repository is inspected, then it offers no way to change or delete entries', () => {
    expect(Object.keys(repo).sort()).toEqual(
      // `validate` only checks an entry; nothing here changes or deletes one.
      ['extractForCitizen', 'record', 'recordMany', 'search', 'validate'].sort(),
    );
  });

  it('When inserts go through bulkWrite, then they are allowed (appending is not changing)', async () => {
    const citizenRef = uniqueName('citizen');
    await accessLogModel(conn).bulkWrite([
      { insertOne: { document: { ...anEntry({ citizenRef }), at: new Date() } } },
    ]);
    expect(await repo.extractForCitizen(EVERYONE, citizenRef)).toHaveLength(1);
  });
});

describe('access log: retention', () => {
  it('When retention runs, then entries older than the period are deleted and newer ones stay', async () => {
    const db = await connectDatabase({
      url: testEnv().MONGO_URL,
      dbName: uniqueName('privacy_retention'),
      logger: silent,
    });
    try {
      const log = createAccessLogRepository(db);
      const now = new Date('2026-09-01T00:00:00Z');
      const citizenRef = uniqueName('citizen');
      const ago = (days: number) => new Date(now.getTime() - days * DAY);
      await log.recordMany([
        anEntry({ citizenRef, at: ago(400), purpose: 'very old' }),
        anEntry({ citizenRef, at: ago(181), purpose: 'just too old' }),
        anEntry({ citizenRef, at: ago(179), purpose: 'kept' }),
        anEntry({ citizenRef, at: ago(1), purpose: 'recent' }),
      ]);

      const result = await runRetention(db, undefined, now);
      expect(result).toEqual({ cutoff: ago(180), deleted: 2 });
      const left = await log.extractForCitizen(EVERYONE, citizenRef);
      expect(left.map((e) => e.purpose)).toEqual(['kept', 'recent']);

      // A shorter configured period takes effect on the next run.
      expect((await runRetention(db, 30, now)).deleted).toBe(1);
      expect((await runRetention(db, 30, now)).deleted).toBe(0);
    } finally {
      await closeDatabase(db);
    }
  });

  it('When the retention period is not a positive whole number of days, then retention refuses to run', async () => {
    for (const days of [0, -1, 1.5, Number.NaN])
      await expect(runRetention(conn, days)).rejects.toThrow(RangeError);
  });
});

describe('accessLogger', () => {
  it('When many accesses arrive together with group commit on, then each is stored once and each caller waits for its own entry', async () => {
    const log = accessLogger(repo, { groupCommitMs: 5 });
    const citizenRef = uniqueName('citizen');
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        log(greveCaseWorker, {
          action: 'read',
          purpose: `read ${i}`,
          citizenRef,
          resource: { type: 'order', id: `o-${i}` },
        }),
      ),
    );
    const entries = await repo.extractForCitizen(EVERYONE, citizenRef);
    expect(entries.map((e) => e.purpose).sort()).toEqual(
      Array.from({ length: 40 }, (_, i) => `read ${i}`).sort(),
    );
  });

  it('When the inserts are slow, then one is under way at a time and the entries arriving meanwhile go in the next', async () => {
    let inFlight = 0;
    let most = 0;
    let calls = 0;
    const slow: typeof repo = {
      ...repo,
      recordMany: async (inputs) => {
        calls++;
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setTimeout(r, 100));
        try {
          return await repo.recordMany(inputs);
        } finally {
          inFlight--;
        }
      },
    };
    const log = accessLogger(slow, { groupCommitMs: 2 });
    const citizenRef = uniqueName('citizen');
    const writes: Promise<void>[] = [];
    for (let i = 0; i < 60; i++) {
      writes.push(
        log(greveCaseWorker, {
          action: 'read',
          purpose: `slow ${i}`,
          citizenRef,
          resource: { type: 'order', id: `o-${i}` },
        }),
      );
      await new Promise((r) => setTimeout(r, 5));
    }
    await Promise.all(writes);
    expect(most).toBe(1);
    // ~300 ms of arrivals over 100 ms inserts: a handful of batches, not one per 2 ms window.
    expect(calls).toBeLessThanOrEqual(8);
    expect((await repo.extractForCitizen(EVERYONE, citizenRef)).length).toBe(60);
  });

  it('When one entry of a group is invalid, then only that caller fails', async () => {
    const log = accessLogger(repo, { groupCommitMs: 5 });
    const citizenRef = uniqueName('citizen');
    const results = await Promise.allSettled([
      log(greveCaseWorker, {
        action: 'read',
        purpose: 'good',
        citizenRef,
        resource: { type: 'order', id: 'o-1' },
      }),
      log(greveCaseWorker, {
        action: 'read',
        purpose: '',
        citizenRef,
        resource: { type: 'order', id: 'o-2' },
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect((await repo.extractForCitizen(EVERYONE, citizenRef)).map((e) => e.purpose)).toEqual([
      'good',
    ]);
  });

  it('When a use case logs an access, then the entry carries the actor from the token and the details', async () => {
    const log = accessLogger(repo);
    const citizenRef = uniqueName('citizen');
    await withCorrelation('req-7', () =>
      log(greveCaseWorker, {
        action: 'update',
        purpose: 'order amended',
        citizenRef,
        resource: { type: 'order', id: 'o-1' },
      }),
    );
    const [entry] = await repo.extractForCitizen(EVERYONE, citizenRef);
    expect(entry).toMatchObject({
      userId: 'user-greve-2',
      role: 'caseworker',
      organisationId: 'mun-253',
      action: 'update',
      purpose: 'order amended',
      correlationId: 'req-7',
    });
  });

  it('When the entry cannot be written, then the caller gets an AccessLogWriteError and the failure is logged without the citizen', async () => {
    const { logger, text } = testLogger('privacy-test');
    const failing: AccessLogRepository = {
      ...repo,
      record: () => Promise.reject(new Error('connection lost')),
    };
    const log = accessLogger(failing, { logger });
    const citizenRef = uniqueName('citizen');
    const err = await log(greveCaseWorker, {
      action: 'read',
      purpose: 'order-processing',
      citizenRef,
      resource: { type: 'order', id: 'o-2' },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AccessLogWriteError);
    expect((err as AccessLogWriteError).cause).toEqual(new Error('connection lost'));
    expect(text()).toMatch(/access log entry could not be recorded/);
    expect(text()).not.toContain(citizenRef);
  });

  it('When the database is gone, then logging an access fails instead of letting the read through', async () => {
    const db = await connectDatabase({
      url: testEnv().MONGO_URL,
      dbName: uniqueName('privacy_down'),
      logger: silent,
    });
    const log = accessLogger(createAccessLogRepository(db), { logger: silent });
    await closeDatabase(db);
    await expect(
      log(greveCaseWorker, {
        action: 'read',
        purpose: 'order-processing',
        citizenRef: uniqueName('citizen'),
        resource: { type: 'order', id: 'o-3' },
      }),
    ).rejects.toThrow(AccessLogWriteError);
  });

  it('When the details are malformed, then the validation error reaches the caller as it is', async () => {
    const log = accessLogger(repo, { logger: silent });
    await expect(
      log(greveCaseWorker, {
        action: 'read',
        purpose: '',
        citizenRef: uniqueName('citizen'),
        resource: { type: 'order', id: 'o-4' },
      }),
    ).rejects.toThrow(AccessLogValidationError);
  });
});
