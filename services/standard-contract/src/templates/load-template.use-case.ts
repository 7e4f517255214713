import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConflictError, RejectedError } from '@rammeaftale/domain';
import type { Logger } from '@rammeaftale/logging';
import { TemplateContentSchema } from './template.schemas';
import { templateProblems, type TemplateContent } from './template.rules';
import type { StoredTemplate, TemplateRepository } from './template.repository';

/** Canonical JSON (sorted keys) so the same content always has the same hash. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

export function templateContentHash(t: TemplateContent): string {
  return createHash('sha256').update(canonical(t)).digest('hex');
}

/**
 * Load a template version: no release needed for a new text. Only the four national standard
 * contracts can be loaded (422 otherwise). A version is immutable: the same content again is a
 * no-op, different content under an existing version number is refused (409).
 */
export async function loadTemplate(
  deps: { templates: TemplateRepository; now: () => Date },
  content: TemplateContent,
  loadedBy: string,
): Promise<{ template: StoredTemplate; created: boolean }> {
  const problems = templateProblems(content);
  if (problems.length > 0)
    throw new RejectedError('The template cannot be loaded: ' + problems[0]!.message, {
      code: 'invalid-template',
      issues: problems,
      part: 'body',
    });
  const contentHash = templateContentHash(content);
  const { template, created } = await deps.templates.insertIfAbsent({
    ...content,
    contentHash,
    loadedAt: deps.now(),
    loadedBy,
  });
  if (!created && template.contentHash !== contentHash)
    throw new ConflictError(
      `Template ${content.templateId} version ${content.version} is already loaded with other content; load it as a new version`,
    );
  return { template, created };
}

/** Loads every `*.json` in `dir` at start; a broken file stops the start (fail fast). */
export async function seedTemplates(
  deps: { templates: TemplateRepository; now: () => Date; logger: Logger },
  dir: string,
): Promise<number> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  let loaded = 0;
  for (const file of files) {
    const parsed = TemplateContentSchema.safeParse(
      JSON.parse(await readFile(path.join(dir, file), 'utf8')),
    );
    if (!parsed.success)
      throw new Error(
        `template file ${file} is invalid: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`,
      );
    const { created } = await loadTemplate(
      deps,
      parsed.data as TemplateContent,
      `seed:${file}`,
    ).catch((err: unknown) => {
      throw new Error(`template file ${file}: ${(err as Error).message}`);
    });
    if (created) loaded++;
  }
  deps.logger.info({ files: files.length, loaded }, 'templates seeded');
  return loaded;
}
