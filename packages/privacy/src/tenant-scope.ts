import { Schema, type Aggregate, type MongooseQueryMiddleware, type Query } from 'mongoose';

/**
 * Tenant isolation in the repository layer: a query that forgot its tenant must fail loudly,
 * never quietly match every municipality's or provider's documents.
 *
 * Two tools: `requireScope` for repository functions that build filters by hand, and the
 * `tenantScoped` schema plugin that checks every query mongoose runs against the model. The
 * tenant value itself must come from the verified token (the actor), never from the request.
 */

export class MissingTenantScopeError extends Error {
  override readonly name = 'MissingTenantScopeError';
  readonly code = 'MISSING_TENANT_SCOPE';

  constructor(
    /** The scope keys that were absent or empty. */
    readonly missing: string[],
    /** e.g. "Order.find" when raised by the plugin. */
    readonly operation?: string,
  ) {
    super(
      `${operation ? `${operation}: ` : ''}the filter lacks its tenant scope (${missing.join(', ')}); ` +
        'add it, or mark a deliberate cross-tenant query with setOptions({ crossTenant: reason })',
    );
  }
}

/** A write would move a document to another tenant, or a cross-tenant option is malformed. */
export class TenantScopeViolationError extends Error {
  override readonly name = 'TenantScopeViolationError';
  readonly code = 'TENANT_SCOPE_VIOLATION';
}

/**
 * Returns `filter` unchanged if every scope key holds a non-empty string; throws
 * `MissingTenantScopeError` otherwise. An operator object (`{ $in: [...] }`) does not count:
 * a query over several tenants is a cross-tenant query and must say so.
 */
export function requireScope<F extends object>(filter: F, scopeKeys: readonly string[]): F {
  if (scopeKeys.length === 0) throw new RangeError('requireScope needs at least one scope key');
  const missing = missingScope(filter, scopeKeys);
  if (missing.length > 0) throw new MissingTenantScopeError(missing);
  return filter;
}

export interface CrossTenantUse {
  model: string;
  operation: string;
  reason: string;
}

export interface TenantScopedOptions {
  /** The schema path holding the tenant (e.g. `organisationId`, `municipalityCode`). */
  field: string;
  /** Called for every query run with `crossTenant`, e.g. to log who ran which report and why. */
  onCrossTenant?: (use: CrossTenantUse) => void;
}

const QUERY_OPERATIONS: MongooseQueryMiddleware[] = [
  'find',
  'findOne',
  'countDocuments',
  'estimatedDocumentCount',
  'distinct',
  'updateOne',
  'updateMany',
  'replaceOne',
  'findOneAndUpdate',
  'findOneAndReplace',
  'findOneAndDelete',
  'deleteOne',
  'deleteMany',
];

const UPDATE_OPERATIONS = new Set(['updateOne', 'updateMany', 'findOneAndUpdate']);
const REPLACE_OPERATIONS = new Set(['replaceOne', 'findOneAndReplace']);

type Plugin = (schema: Schema) => void;

/**
 * A mongoose plugin: every find, findOne, count, distinct, update, replace, delete, aggregate and
 * bulk write on the model must name the tenant (`field`) with a non-empty string at the top level
 * of its filter (an aggregate: in a leading `$match`), or it throws `MissingTenantScopeError`.
 * Updates may not change the tenant, and the field becomes required on documents.
 *
 * Escape hatch for secretariat-wide reports, stated per query with a reason:
 * `Model.find({}).setOptions({ crossTenant: 'annual occupancy report' })`
 * (for `aggregate`: `.option({ crossTenant })`; for `bulkWrite`: its options argument).
 *
 * Use as `schema.plugin(tenantScoped({ field }))` or `schema.plugin(tenantScoped, { field })`.
 * Apply it after the tenant path is defined.
 */
export function tenantScoped(options: TenantScopedOptions): Plugin;
export function tenantScoped(schema: Schema, options: TenantScopedOptions): void;
export function tenantScoped(
  schemaOrOptions: Schema | TenantScopedOptions,
  maybeOptions?: TenantScopedOptions,
): Plugin | void {
  if (schemaOrOptions instanceof Schema) {
    if (!maybeOptions) throw new RangeError('tenantScoped needs { field }');
    return applyTenantScope(schemaOrOptions, maybeOptions);
  }
  const options = schemaOrOptions;
  return (schema: Schema) => applyTenantScope(schema, options);
}

function applyTenantScope(schema: Schema, { field, onCrossTenant }: TenantScopedOptions): void {
  if (typeof field !== 'string' || field.length === 0)
    throw new RangeError('tenantScoped needs a field name');
  const path = schema.path(field);
  if (!path)
    throw new RangeError(`tenantScoped: the schema has no path "${field}" (define it first)`);
  path.required(true);

  /** Reads and removes the option, so it never travels to the driver; returns the reason. */
  function takeCrossTenant(
    options: Record<string, unknown> | undefined,
    operation: string,
  ): string | undefined {
    if (!options || !('crossTenant' in options)) return undefined;
    const reason = options.crossTenant;
    delete options.crossTenant;
    if (typeof reason !== 'string' || reason.trim().length === 0)
      throw new TenantScopeViolationError(
        `${operation}: crossTenant needs the reason as a non-empty string`,
      );
    return reason.trim();
  }

  function allowCrossTenant(model: string, operation: string, reason: string): void {
    onCrossTenant?.({ model, operation, reason });
  }

  schema.pre(QUERY_OPERATIONS, function (this: Query<unknown, unknown>) {
    const model = this.model.modelName;
    const op = (this as unknown as { op?: string }).op ?? 'query';
    const operation = `${model}.${op}`;
    const options = this.getOptions() as Record<string, unknown>;
    const reason = takeCrossTenant(options, operation);
    if (reason !== undefined) return allowCrossTenant(model, op, reason);

    const filter = this.getFilter();
    const missing = missingScope(filter, [field]);
    if (missing.length > 0) throw new MissingTenantScopeError(missing, operation);
    const tenant = filter[field] as string;
    if (UPDATE_OPERATIONS.has(op) && changesTenant(this.getUpdate(), field, tenant))
      throw new TenantScopeViolationError(`${operation}: an update may not change "${field}"`);
    if (REPLACE_OPERATIONS.has(op)) {
      const replacement = this.getUpdate() as Record<string, unknown> | null;
      if (replacement?.[field] !== tenant)
        throw new TenantScopeViolationError(
          `${operation}: the replacement must keep "${field}" of the filter`,
        );
    }
  });

  schema.pre('aggregate', function (this: Aggregate<unknown>) {
    const model = this.model().modelName;
    const operation = `${model}.aggregate`;
    const reason = takeCrossTenant(this.options as Record<string, unknown>, operation);
    if (reason !== undefined) return allowCrossTenant(model, 'aggregate', reason);
    const first = this.pipeline()[0] as Record<string, unknown> | undefined;
    const match = first?.$match as Record<string, unknown> | undefined;
    if (!match || missingScope(match, [field]).length > 0)
      throw new MissingTenantScopeError([field], `${operation} (leading $match)`);
  });

  // Model middleware with arguments gets `next` first and must call it.
  schema.pre(
    'bulkWrite',
    function (next: (err?: Error) => void, ops: unknown, bulkOptions: unknown) {
      try {
        checkBulkWrite((this as unknown as { modelName: string }).modelName, ops, bulkOptions);
      } catch (err) {
        return next(err as Error);
      }
      next();
    },
  );

  function checkBulkWrite(model: string, ops: unknown, bulkOptions: unknown): void {
    const operation = `${model}.bulkWrite`;
    const reason = takeCrossTenant(bulkOptions as Record<string, unknown> | undefined, operation);
    if (reason !== undefined) return allowCrossTenant(model, 'bulkWrite', reason);
    for (const op of (Array.isArray(ops) ? ops : []) as Record<string, Record<string, unknown>>[])
      for (const [kind, spec] of Object.entries(op)) {
        if (kind === 'insertOne') continue; // the required tenant path is validated on insert
        const filter = (spec?.filter ?? {}) as Record<string, unknown>;
        const missing = missingScope(filter, [field]);
        if (missing.length > 0) throw new MissingTenantScopeError(missing, `${operation} ${kind}`);
        const tenant = filter[field] as string;
        if (
          (kind === 'updateOne' || kind === 'updateMany') &&
          changesTenant(spec?.update, field, tenant)
        )
          throw new TenantScopeViolationError(`${operation}: an update may not change "${field}"`);
        if (kind === 'replaceOne') {
          const replacement = spec?.replacement as Record<string, unknown> | undefined;
          if (replacement?.[field] !== tenant)
            throw new TenantScopeViolationError(
              `${operation}: the replacement must keep "${field}" of the filter`,
            );
        }
      }
  }

  // `doc.save()` on a loaded document writes through the driver, past query middleware.
  schema.pre('save', function () {
    if (!this.isNew && this.isModified(field))
      throw new TenantScopeViolationError(`saving a document may not change "${field}"`);
  });
}

function missingScope(filter: unknown, scopeKeys: readonly string[]): string[] {
  if (filter === null || typeof filter !== 'object' || Array.isArray(filter)) return [...scopeKeys];
  const record = filter as Record<string, unknown>;
  return scopeKeys.filter((key) => {
    const value = Object.hasOwn(record, key) ? record[key] : undefined;
    return typeof value !== 'string' || value.trim().length === 0;
  });
}

/**
 * True when an update document (operators, a bare replacement-like object that mongoose wraps in
 * `$set`, or a pipeline) touches `field` with anything but the filter's own tenant value.
 */
function changesTenant(update: unknown, field: string, tenant: string): boolean {
  if (update === null || update === undefined) return false;
  if (Array.isArray(update)) return update.some((stage) => changesTenant(stage, field, tenant));
  if (typeof update !== 'object') return false;
  const touches = (key: string) => key === field || key.startsWith(`${field}.`);
  for (const [key, value] of Object.entries(update as Record<string, unknown>)) {
    if (!key.startsWith('$')) {
      if (touches(key) && value !== tenant) return true;
      continue;
    }
    if (typeof value === 'string') {
      // pipeline `$unset: 'field'`
      if (touches(value)) return true;
    } else if (Array.isArray(value)) {
      if (value.some((v) => typeof v === 'string' && touches(v))) return true;
    } else if (value !== null && typeof value === 'object') {
      for (const [inner, innerValue] of Object.entries(value as Record<string, unknown>)) {
        // `$set`/`$setOnInsert` with the same tenant is harmless (upserts often repeat it).
        const sameTenant = (key === '$set' || key === '$setOnInsert') && innerValue === tenant;
        if (touches(inner) && !(inner === field && sameTenant)) return true;
        if (key === '$rename' && typeof innerValue === 'string' && touches(innerValue)) return true;
      }
    }
  }
  return false;
}
