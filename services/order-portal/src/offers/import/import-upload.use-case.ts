import { randomBytes } from 'node:crypto';
import type { Actor } from '@rammeaftale/auth';
import { crossTenant, partyScope } from '@rammeaftale/db';
import { ForbiddenError, NotFoundError } from '@rammeaftale/domain';
import { importCsv, type ImportDeps } from './import-csv.use-case';
import type { ImportKind } from './import-report';
import type { ImportUpload, ImportUploadRepository } from './import-upload.repository';

/**
 * The secretariat's CSV import in the portal, in two steps: the uploaded file is checked (a dry
 * run: the row and field errors, in Danish, before anything is written) and kept; the person reads
 * the errors and then starts the import of the good rows, which runs in the background while the
 * page shows that it runs, then its report. The same import as `POST /api/imports/{kind}`.
 */
export interface UploadDeps extends ImportDeps {
  uploads: ImportUploadRepository;
}

const KEEP_MS = 24 * 3600_000;

const scopeOf = (actor: Actor) => partyScope('uploader', actor.userId);
const onlySecretariat = (actor: Actor) => {
  if (actor.role !== 'secretariat') throw new ForbiddenError('The registry is the secretariat’s');
};

export async function checkUpload(
  deps: UploadDeps,
  actor: Actor,
  file: { kind: ImportKind; bytes: Uint8Array; fileName: string; charset?: string },
): Promise<string> {
  onlySecretariat(actor);
  await deps.uploads.removeOlderThan(
    crossTenant('uploads older than a day are removed, whoever made them'),
    new Date(deps.now().getTime() - KEEP_MS),
  );
  const dryRun = await importCsv(deps, actor, { ...file, dryRun: true });
  const id = randomBytes(12).toString('hex');
  await deps.uploads.create(
    scopeOf(actor),
    {
      _id: id,
      kind: file.kind,
      charset: file.charset,
      fileName: file.fileName,
      size: file.bytes.length,
      by: { userId: actor.userId, role: actor.role, organisationId: actor.organisationId },
      dryRun,
    },
    file.bytes,
  );
  return id;
}

export async function uploadStatus(
  deps: UploadDeps,
  actor: Actor,
  id: string,
): Promise<ImportUpload> {
  onlySecretariat(actor);
  const upload = await deps.uploads.get(scopeOf(actor), id);
  if (!upload) throw new NotFoundError('Upload');
  return upload;
}

/** The progress is stored at most this often (the page reloads every 2 s). */
const PROGRESS_EVERY_MS = 500;

/**
 * Stores the import's progress on the upload as it goes, at most every PROGRESS_EVERY_MS and the
 * last figure always, one write at a time; a failed write only loses that figure.
 */
function progressTeller(deps: UploadDeps, actor: Actor, id: string) {
  let last = 0;
  let writing: Promise<void> = Promise.resolve();
  let pending: { processed: number; total: number } | undefined;
  const write = () => {
    const p = pending;
    pending = undefined;
    if (!p) return;
    last = Date.now();
    writing = writing
      .then(() => deps.uploads.progress(scopeOf(actor), id, p))
      .catch((err: unknown) =>
        deps.logger.warn({ err, uploadId: id }, 'import progress not stored'),
      );
  };
  return {
    tell: (processed: number, total: number) => {
      pending = { processed, total };
      if (Date.now() - last >= PROGRESS_EVERY_MS || processed === total) write();
    },
    flushed: async () => {
      write();
      await writing;
    },
  };
}

/**
 * Starts the import of a checked upload, once; it runs after this returns. A second start (the
 * form posted twice) leaves the running import alone.
 */
export async function startUploadedImport(
  deps: UploadDeps,
  actor: Actor,
  id: string,
): Promise<void> {
  const upload = await uploadStatus(deps, actor, id);
  if (!upload.dryRun.accepted || !(await deps.uploads.start(scopeOf(actor), id))) return;
  const run = async () => {
    const bytes = await deps.uploads.bytes(scopeOf(actor), id);
    if (!bytes) throw new NotFoundError('Upload');
    const told = progressTeller(deps, actor, id);
    const report = await importCsv(deps, actor, {
      kind: upload.kind,
      bytes,
      charset: upload.charset,
      dryRun: false,
      progress: told.tell,
    });
    await told.flushed();
    return report;
  };
  void run()
    .then(
      (report) => deps.uploads.finish(scopeOf(actor), id, report),
      async (err: unknown) => {
        deps.logger.error({ err, uploadId: id, kind: upload.kind }, 'uploaded import failed');
        await deps.uploads.finish(scopeOf(actor), id, undefined);
      },
    )
    .catch((err: unknown) =>
      deps.logger.error(
        { err, uploadId: id },
        'the outcome of an uploaded import was not recorded',
      ),
    );
}
