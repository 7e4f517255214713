import type { z } from 'zod';
import { validationProblem, type FieldProblem } from './problem';

export type RequestPart = 'params' | 'query' | 'body';

/** zod issues → field problems named the way a client sees them ("body.places", "query.limit"). */
export function toFieldProblems(part: RequestPart, error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String);
    const keys =
      issue.code === 'unrecognized_keys' ? ((issue as { keys?: string[] }).keys ?? []) : [];
    const field = [part, ...path, ...(keys.length === 1 ? keys : [])].join('.');
    return { field, message: issue.message, code: issue.code };
  });
}

export function parsePart<S extends z.ZodType>(
  part: RequestPart,
  schema: S,
  value: unknown,
): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationProblem(toFieldProblems(part, result.error));
  return result.data;
}
