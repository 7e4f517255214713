import { Schema, type Connection, type Model } from 'mongoose';
import { closeDatabase, connectDatabase, trusted } from '@rammeaftale/db';
import { createLogger } from '@rammeaftale/logging';
import { testEnv, uniqueName } from '@rammeaftale/testing';
import {
  MissingTenantScopeError,
  TenantScopeViolationError,
  requireScope,
  tenantScoped,
  type CrossTenantUse,
} from '../src';

const silent = createLogger({ service: 'privacy-test', level: 'silent' });

interface Order {
  organisationId: string;
  title: string;
  places: number;
}

const GREVE = 'mun-253';
const KOGE = 'mun-259';

let conn: Connection;
let Orders: Model<Order>;
const crossTenantUses: CrossTenantUse[] = [];

beforeAll(async () => {
  conn = await connectDatabase({
    url: testEnv().MONGO_URL,
    dbName: uniqueName('privacy_tenant'),
    logger: silent,
  });
  const schema = new Schema<Order>({
    organisationId: { type: String },
    title: { type: String, required: true },
    places: { type: Number, default: 1 },
  });
  schema.plugin(
    tenantScoped({ field: 'organisationId', onCrossTenant: (use) => crossTenantUses.push(use) }),
  );
  Orders = conn.model<Order>('Order', schema);
});

afterAll(async () => {
  await closeDatabase(conn);
});

/** Two tenants with one order each, under a title no other test uses. */
async function twoTenants(): Promise<{ title: string; greveId: string; kogeId: string }> {
  const title = uniqueName('order');
  const [greve, koge] = await Orders.insertMany([
    { organisationId: GREVE, title },
    { organisationId: KOGE, title },
  ]);
  return { title, greveId: String(greve!._id), kogeId: String(koge!._id) };
}

async function rejectionOf(promise: PromiseLike<unknown>): Promise<unknown> {
  return Promise.resolve(promise).then(
    () => undefined,
    (err: unknown) => err,
  );
}

describe('requireScope', () => {
  it('When every scope key holds a non-empty string, then the filter is returned unchanged', () => {
    const filter = { organisationId: GREVE, departmentId: 'd-1', status: 'open' };
    expect(requireScope(filter, ['organisationId', 'departmentId'])).toBe(filter);
  });

  it('When a scope key is missing, empty, blank or not a plain string, then MissingTenantScopeError names it', () => {
    const org = ['organisationId'];
    const cases: [Record<string, unknown>, string[], string[]][] = [
      [{}, org, org],
      [{ organisationId: '' }, org, org],
      [{ organisationId: '   ' }, org, org],
      [{ organisationId: undefined }, org, org],
      [{ organisationId: null }, org, org],
      [{ organisationId: { $ne: null } }, org, org],
      [{ organisationId: trusted({ $in: [GREVE, KOGE] }) }, org, org],
      [{ organisationId: 253 }, org, org],
      [{ $or: [{ organisationId: GREVE }] }, org, org],
      [{ organisationId: GREVE }, ['organisationId', 'departmentId'], ['departmentId']],
      [{}, ['organisationId', 'departmentId'], ['organisationId', 'departmentId']],
    ];
    for (const [filter, scopeKeys, missing] of cases) {
      let err: unknown;
      try {
        requireScope(filter, scopeKeys);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(MissingTenantScopeError);
      expect((err as MissingTenantScopeError).missing).toEqual(missing);
      expect((err as MissingTenantScopeError).code).toBe('MISSING_TENANT_SCOPE');
    }
  });

  it('When the scope key comes only from the prototype, then it does not count', () => {
    const filter = Object.create({ organisationId: GREVE }) as object;
    expect(() => requireScope(filter, ['organisationId'])).toThrow(MissingTenantScopeError);
  });

  it('When no scope keys are given, then the guard refuses to guard nothing', () => {
    expect(() => requireScope({ organisationId: GREVE }, [])).toThrow(RangeError);
  });
});

describe('tenantScoped plugin: reads', () => {
  it('When a read names its tenant, then only that tenant’s documents come back', async () => {
    const { title, greveId } = await twoTenants();
    const found = await Orders.find({ organisationId: GREVE, title }).lean();
    expect(found.map((o) => String(o._id))).toEqual([greveId]);
    expect((await Orders.findOne({ organisationId: KOGE, title }).lean())?.organisationId).toBe(
      KOGE,
    );
    expect(await Orders.countDocuments({ organisationId: GREVE, title })).toBe(1);
    expect(await Orders.distinct('title', { organisationId: GREVE, title })).toEqual([title]);
  });

  it('When a read forgets its tenant, then it throws instead of returning every tenant’s documents', async () => {
    const { title, kogeId } = await twoTenants();
    const attempts: [string, () => PromiseLike<unknown>][] = [
      ['find', () => Orders.find({ title })],
      ['find all', () => Orders.find()],
      ['findOne', () => Orders.findOne({ title })],
      ['findById', () => Orders.findById(kogeId)],
      ['countDocuments', () => Orders.countDocuments({ title })],
      ['estimatedDocumentCount', () => Orders.estimatedDocumentCount()],
      ['distinct', () => Orders.distinct('title')],
      ['empty tenant', () => Orders.find({ organisationId: '', title })],
      ['several tenants', () => Orders.find({ organisationId: trusted({ $in: [GREVE, KOGE] }) })],
      ['tenant in $or only', () => Orders.find(trusted({ $or: [{ organisationId: GREVE }] }))],
      ['aggregate', () => Orders.aggregate([{ $match: { title } }])],
      ['aggregate without $match', () => Orders.aggregate([{ $limit: 1 }])],
    ];
    for (const [name, attempt] of attempts) {
      const err = await rejectionOf(attempt());
      expect([name, err]).toEqual([name, expect.any(MissingTenantScopeError)]);
    }
  });

  it('When a request smuggles an operator object in as the tenant, then the query throws and returns nothing', async () => {
    await twoTenants();
    const fromRequest = { $ne: 'nobody' } as unknown as string;
    await expect(Orders.find({ organisationId: fromRequest })).rejects.toThrow(
      MissingTenantScopeError,
    );
  });

  it('When an aggregate starts with a $match on its tenant, then it runs on that tenant only', async () => {
    const { title } = await twoTenants();
    const result = await Orders.aggregate<{ _id: string; n: number }>([
      { $match: { organisationId: GREVE, title } },
      { $group: { _id: '$organisationId', n: { $sum: 1 } } },
    ]);
    expect(result).toEqual([{ _id: GREVE, n: 1 }]);
  });
});

describe('tenantScoped plugin: writes', () => {
  it('When an update or delete names its tenant, then it touches only that tenant’s documents', async () => {
    const { title, kogeId } = await twoTenants();
    await Orders.updateMany({ organisationId: GREVE, title }, { places: 5 });
    await Orders.updateOne({ organisationId: GREVE, title }, { $inc: { places: 1 } });
    await Orders.findOneAndUpdate({ organisationId: GREVE, title }, { $set: { places: 7 } });
    const koge = await Orders.findOne({ organisationId: KOGE, _id: kogeId }).lean();
    expect(koge?.places).toBe(1);
    expect((await Orders.findOne({ organisationId: GREVE, title }).lean())?.places).toBe(7);

    await Orders.deleteMany({ organisationId: GREVE, title });
    expect(await Orders.countDocuments({ organisationId: KOGE, title })).toBe(1);
    expect(await Orders.countDocuments({ organisationId: GREVE, title })).toBe(0);
  });

  it('When an update or delete forgets its tenant, then it throws and nothing changes', async () => {
    const { title, greveId } = await twoTenants();
    const attempts: [string, () => PromiseLike<unknown>][] = [
      ['updateOne', () => Orders.updateOne({ title }, { places: 9 })],
      ['updateMany', () => Orders.updateMany({ title }, { places: 9 })],
      ['findOneAndUpdate', () => Orders.findOneAndUpdate({ title }, { places: 9 })],
      ['findByIdAndUpdate', () => Orders.findByIdAndUpdate(greveId, { places: 9 })],
      ['replaceOne', () => Orders.replaceOne({ title }, { organisationId: GREVE, title })],
      [
        'findOneAndReplace',
        () => Orders.findOneAndReplace({ title }, { organisationId: GREVE, title }),
      ],
      ['deleteOne', () => Orders.deleteOne({ title })],
      ['deleteMany', () => Orders.deleteMany({})],
      ['findOneAndDelete', () => Orders.findOneAndDelete({ title })],
      ['findByIdAndDelete', () => Orders.findByIdAndDelete(greveId)],
      ['bulkWrite', () => Orders.bulkWrite([{ deleteMany: { filter: { title } } }])],
    ];
    for (const [name, attempt] of attempts) {
      const err = await rejectionOf(attempt());
      expect([name, err]).toEqual([name, expect.any(MissingTenantScopeError)]);
    }
    expect(await Orders.countDocuments({ organisationId: GREVE, title, places: 1 })).toBe(1);
    expect(await Orders.countDocuments({ organisationId: KOGE, title, places: 1 })).toBe(1);
  });

  it('When a write would move a document to another tenant, then it throws and the document stays', async () => {
    const { title, greveId } = await twoTenants();
    const attempts: [string, () => PromiseLike<unknown>][] = [
      [
        'bare update',
        () => Orders.updateOne({ organisationId: GREVE, title }, { organisationId: KOGE }),
      ],
      [
        '$set',
        () =>
          Orders.updateMany({ organisationId: GREVE, title }, { $set: { organisationId: KOGE } }),
      ],
      [
        '$unset',
        () => Orders.updateOne({ organisationId: GREVE, title }, { $unset: { organisationId: 1 } }),
      ],
      [
        'findOneAndUpdate',
        () => Orders.findOneAndUpdate({ organisationId: GREVE, title }, { organisationId: KOGE }),
      ],
      [
        'replaceOne',
        () => Orders.replaceOne({ organisationId: GREVE, title }, { organisationId: KOGE, title }),
      ],
      [
        'replace without tenant',
        () => Orders.replaceOne({ organisationId: GREVE, title }, { title }),
      ],
      [
        'bulk update',
        () =>
          Orders.bulkWrite([
            {
              updateOne: {
                filter: { organisationId: GREVE, title },
                update: { $set: { organisationId: KOGE } },
              },
            },
          ]),
      ],
      [
        'save',
        async () => {
          const doc = await Orders.findOne({ organisationId: GREVE, _id: greveId });
          doc!.organisationId = KOGE;
          return doc!.save();
        },
      ],
    ];
    for (const [name, attempt] of attempts) {
      const err = await rejectionOf(attempt());
      expect([name, err]).toEqual([name, expect.any(TenantScopeViolationError)]);
    }
    expect(await Orders.countDocuments({ organisationId: GREVE, title })).toBe(1);
    expect(await Orders.countDocuments({ organisationId: KOGE, title })).toBe(1);
  });

  it('When an upsert or replacement repeats its own tenant, then it is allowed', async () => {
    const title = uniqueName('order');
    await Orders.updateOne(
      { organisationId: GREVE, title },
      { $set: { places: 3 }, $setOnInsert: { organisationId: GREVE } },
      { upsert: true },
    );
    await Orders.replaceOne(
      { organisationId: GREVE, title },
      { organisationId: GREVE, title, places: 4 },
    );
    const doc = await Orders.findOne({ organisationId: GREVE, title });
    expect(doc?.places).toBe(4);
    doc!.places = 6;
    await doc!.save();
    expect((await Orders.findOne({ organisationId: GREVE, title }).lean())?.places).toBe(6);
  });

  it('When a document is created without its tenant, then validation refuses it', async () => {
    await expect(Orders.create({ title: uniqueName('order') })).rejects.toThrow(
      /organisationId.*required/,
    );
    await expect(
      Orders.bulkWrite([{ insertOne: { document: { title: uniqueName('order') } as Order } }], {
        throwOnValidationError: true,
      }),
    ).rejects.toThrow(/organisationId/);
  });
});

describe('tenantScoped plugin: cross-tenant escape hatch', () => {
  it('When a secretariat report states its reason, then it reads across tenants and the reason is reported', async () => {
    const { title } = await twoTenants();
    crossTenantUses.length = 0;

    const all = await Orders.find({ title })
      .setOptions({ crossTenant: 'secretariat occupancy report' })
      .lean();
    expect(all.map((o) => o.organisationId).sort()).toEqual([GREVE, KOGE]);

    const count = await Orders.countDocuments({ title }).setOptions({
      crossTenant: 'steering group figures',
    });
    expect(count).toBe(2);

    const grouped = await Orders.aggregate<{ _id: string }>([{ $match: { title } }])
      .option({ crossTenant: 'market data per municipality' } as never)
      .exec();
    expect(grouped).toHaveLength(2);

    expect(crossTenantUses).toEqual([
      { model: 'Order', operation: 'find', reason: 'secretariat occupancy report' },
      { model: 'Order', operation: 'countDocuments', reason: 'steering group figures' },
      { model: 'Order', operation: 'aggregate', reason: 'market data per municipality' },
    ]);
  });

  it('When a cross-tenant write states its reason, then it runs', async () => {
    const { title } = await twoTenants();
    const result = await Orders.updateMany({ title }, { places: 2 }).setOptions({
      crossTenant: 'yearly re-numbering by the secretariat',
    });
    expect(result.modifiedCount).toBe(2);
    await Orders.bulkWrite([{ deleteMany: { filter: { title } } }], {
      crossTenant: 'clean-up of test data',
    } as never);
    expect(await Orders.countDocuments({ title }).setOptions({ crossTenant: 'check' })).toBe(0);
  });

  it('When crossTenant is given without a reason, then the query throws', async () => {
    const { title } = await twoTenants();
    for (const crossTenant of [true, '', '   ', 1])
      await expect(Orders.find({ title }).setOptions({ crossTenant })).rejects.toThrow(
        TenantScopeViolationError,
      );
  });
});

describe('tenantScoped plugin: set-up', () => {
  it('When the tenant path does not exist on the schema, then applying the plugin fails at once', () => {
    const schema = new Schema({ title: String });
    expect(() => schema.plugin(tenantScoped({ field: 'organisationId' }))).toThrow(
      /no path "organisationId"/,
    );
  });

  it('When applied the mongoose way with options, then it guards the same', async () => {
    const schema = new Schema({ providerId: String, name: String });
    schema.plugin(tenantScoped, { field: 'providerId' });
    const Requests = conn.model('SupplierRequest', schema);
    await Requests.create({ providerId: 'p-1', name: 'a' });
    await expect(Requests.find({ name: 'a' })).rejects.toThrow(MissingTenantScopeError);
    expect(await Requests.countDocuments({ providerId: 'p-1' })).toBe(1);
  });
});
