import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { InvalidInputError, UnavailableError } from '@rammeaftale/domain';
import { IMPORT_KINDS } from '../../offers/import/import-report';
import {
  checkUpload,
  startUploadedImport,
  uploadStatus,
  type UploadDeps,
} from '../../offers/import/import-upload.use-case';
import type { FieldError } from '../kit/form';
import { field, fieldErrors, issuesOf, messageFor } from '../kit/form-kit';
import { signedInActor, type PageKit } from '../kit/page';
import { formPage } from '../kit/submit';
import { requirePortalRole } from '../session';
import { importStatusView } from './import-status.view';
import { importView } from './import.view';

export const IMPORT_PATH = '/sekretariat/import';

/** The form's one text field, by the API's own list of kinds (`POST /api/imports/{kind}`). */
const ImportForm = z.strictObject({ kind: z.enum(IMPORT_KINDS) });
const FORM = { name: 'csvImport', fields: ['kind', 'file'] } as const;
const UPLOAD_ID = /^[a-f0-9]{24}$/;

interface UploadedFile {
  fileName: string;
  type: string;
  bytes: Uint8Array;
}

/**
 * A multipart form (the file and the CSRF token) read with the platform's own parser
 * (`Response.formData`, undici), within the import's size limit: the text fields become the body
 * the CSRF check reads, the file waits in `res.locals`.
 */
function readMultipart(limit: string) {
  const raw = express.raw({ type: 'multipart/form-data', limit });
  const parse = async (req: Request, res: Response, next: NextFunction) => {
    let form: FormData;
    try {
      form = await new Response(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0), {
        headers: { 'content-type': req.get('content-type') ?? '' },
      }).formData();
    } catch {
      return next(new InvalidInputError([], 'body'));
    }
    const fields: Record<string, string> = {};
    for (const [k, v] of form.entries()) if (typeof v === 'string') fields[k] = v.trim();
    const file = form.get('file');
    if (file && typeof file !== 'string' && file.name)
      res.locals.upload = {
        fileName: file.name,
        type: file.type,
        bytes: new Uint8Array(await file.arrayBuffer()),
      } satisfies UploadedFile;
    req.body = fields;
    next();
  };
  return [raw, parse];
}

function fileErrors(file: UploadedFile | undefined): FieldError[] {
  if (!file) return [{ field: 'file', message: messageFor('csvImport', 'file', 'default') }];
  if (!/\.csv$/i.test(file.fileName) && !/csv/i.test(file.type))
    return [{ field: 'file', message: messageFor('csvImport', 'file', 'not_csv') }];
  return [];
}

const uploadsOf = (kit: PageKit): UploadDeps => {
  if (!kit.deps.imports)
    throw new UnavailableError('Imports are not wired', 60, { code: 'not-connected' });
  return kit.deps.imports;
};

const uploadId = (req: Request): string => {
  const id = req.params.uploadId;
  if (typeof id !== 'string' || !UPLOAD_ID.test(id)) throw new InvalidInputError([], 'params');
  return id;
};

/** Upload a CSV file, read its dry run (row and field errors), then import it and follow it. */
export function registerImportPages(portal: Router, kit: PageKit): void {
  const only = requirePortalRole('secretariat');

  portal.get(IMPORT_PATH, only, (req, res) =>
    kit.render(req, res, importView(formPage(res, { values: { kind: 'offers' } }))),
  );

  portal.post(
    IMPORT_PATH,
    only,
    ...readMultipart(kit.deps.imports?.bodyLimit ?? '1mb'),
    kit.session.checkCsrf(),
    async (req, res) => {
      const deps = uploadsOf(kit);
      const values = { kind: field(req, 'kind') };
      const parsed = ImportForm.safeParse(values);
      const file = res.locals.upload as UploadedFile | undefined;
      const errors = [
        ...(parsed.success ? [] : fieldErrors(FORM, issuesOf(parsed.error)).errors),
        ...fileErrors(file),
      ];
      if (!parsed.success || errors.length)
        return kit.render(req, res, importView(formPage(res, { values, errors })));
      const id = await checkUpload(deps, signedInActor(res), {
        kind: parsed.data.kind,
        bytes: file!.bytes,
        fileName: file!.fileName,
      });
      res.redirect(303, `${IMPORT_PATH}/${id}`);
    },
  );

  portal.get(`${IMPORT_PATH}/:uploadId`, only, async (req, res) => {
    const upload = await uploadStatus(uploadsOf(kit), signedInActor(res), uploadId(req));
    // The page follows a running import by itself (a Refresh header, no script).
    if (upload.state === 'running') res.setHeader('Refresh', '2');
    await kit.render(req, res, importStatusView({ upload, ...formPage(res) }));
  });

  portal.post(`${IMPORT_PATH}/:uploadId/importer`, only, ...kit.forms, async (req, res) => {
    const id = uploadId(req);
    await startUploadedImport(uploadsOf(kit), signedInActor(res), id);
    res.redirect(303, `${IMPORT_PATH}/${id}`);
  });
}
