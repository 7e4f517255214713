import type { Connection, Schema } from 'mongoose';
import { requireCrossTenant, type CrossTenantScope } from '@rammeaftale/db';

/**
 * A change counter for the offer registry, read by `_id` only. FerretDB answers `_id` look-ups
 * from its primary key but scans the whole collection for any other filter (hundreds of ms for a
 * few thousand offers), so "what changed since I last looked" cannot be an `updatedAt` query.
 * Instead every write to the offers collection bumps `registry_state/offers` and records the ids it
 * touched under the new version number; readers follow the versions by `_id`.
 */
interface StateDoc {
  _id: string;
  version: number;
}
interface ChangeDoc {
  _id: string;
  ids: string[];
  /** A write whose ids are unknown (e.g. updateMany): readers reload everything. */
  all: boolean;
  at: Date;
}

const STATE_ID = 'offers';

async function record(conn: Connection, ids: string[], all: boolean): Promise<void> {
  const db = conn.db;
  if (!db) return;
  // FerretDB 1.x can hand two concurrent `$inc`s the same number; the change document's `_id`
  // then collides and the writer simply takes the next number. A reader that finds a version
  // without its document reloads everything, so no change is ever missed.
  for (let attempt = 0; attempt < 20; attempt++) {
    const state = await db
      .collection<StateDoc>('registry_state')
      .findOneAndUpdate(
        { _id: STATE_ID },
        { $inc: { version: 1 } },
        { upsert: true, returnDocument: 'after' },
      );
    const version = state?.version ?? 0;
    try {
      await db
        .collection<ChangeDoc>('registry_changes')
        .insertOne({ _id: `${STATE_ID}-${version}`, ids, all, at: new Date() });
      return;
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
    }
  }
  throw new Error('registry change could not be recorded');
}

function idsOfFilter(filter: Record<string, unknown> | undefined): string[] | undefined {
  const id = filter?._id;
  return typeof id === 'string' ? [id] : undefined;
}

/** Mongoose plugin for the offers schema: every write records its change (see above). */
export function trackRegistryChanges(schema: Schema): void {
  schema.post('save', async function (doc) {
    await record(doc.db, [String(doc._id)], false);
  });
  schema.post('insertMany', async function (this: unknown, docs: unknown) {
    const model = this as { db: Connection };
    const list = (Array.isArray(docs) ? docs : [docs]) as { _id: unknown }[];
    await record(
      model.db,
      list.map((d) => String(d._id)),
      false,
    );
  });
  for (const op of [
    'updateOne',
    'findOneAndUpdate',
    'replaceOne',
    'deleteOne',
    'findOneAndDelete',
    'updateMany',
    'deleteMany',
  ] as const) {
    schema.post(
      op,
      async function (this: {
        getFilter: () => Record<string, unknown>;
        model: { db: Connection };
      }) {
        const ids = op.endsWith('Many') ? undefined : idsOfFilter(this.getFilter());
        await record(this.model.db, ids ?? [], ids === undefined);
      },
    );
  }
  schema.post('bulkWrite', async function (this: { db: Connection }) {
    await record(this.db, [], true);
  });
}

/**
 * The registry's change log as a reader sees it: the version and the ids changed after `since`,
 * read by `_id` only. The log names offers of every operator, so it is read across tenants.
 */
export class RegistryChangeLog {
  constructor(private readonly conn: Connection) {}

  changesSince(
    scope: CrossTenantScope,
    since: number,
  ): Promise<{ version: number; ids: string[]; all: boolean }> {
    requireCrossTenant(scope);
    return changesSince(this.conn, since);
  }
}

async function changesSince(
  conn: Connection,
  since: number,
): Promise<{ version: number; ids: string[]; all: boolean }> {
  const db = conn.db!;
  const state = await db.collection<StateDoc>('registry_state').findOne({ _id: STATE_ID });
  const version = state?.version ?? 0;
  if (version === since) return { version, ids: [], all: false };
  if (version - since > 200 || version < since) return { version, ids: [], all: true };
  const ids = new Set<string>();
  for (let v = since + 1; v <= version; v++) {
    const change = await db
      .collection<ChangeDoc>('registry_changes')
      .findOne({ _id: `${STATE_ID}-${v}` });
    if (!change || change.all) return { version, ids: [], all: true };
    for (const id of change.ids) ids.add(id);
  }
  return { version, ids: [...ids], all: false };
}
