import type { Request } from 'express';
import { NotFoundError } from '@rammeaftale/domain';
import { ID_PATTERN } from '../../orders/ids';

/**
 * The ids in the portal's addresses. A value of the wrong shape is "not found" (the Danish 404
 * page) before any use case runs, so hostile path values never reach a query.
 */
export const IDS = {
  order: ID_PATTERN.ord,
  request: ID_PATTERN.req,
  followUp: ID_PATTERN.fup,
  offer: /^[\w.-]{1,100}$/,
  contract: /^c-[A-Za-z0-9_.-]{1,100}$/,
  tariffChange: /^[A-Za-z0-9_.:-]{1,120}$/,
  version: /^[1-9]\d{0,5}$/,
  /** A letter's business key at the notifications service (`campaign:<id>:<organisation>`). */
  delivery: /^[A-Za-z0-9_:.-]{3,200}$/,
  campaign: /^[A-Za-z0-9_.-]{3,120}$/,
} as const;

/** A path parameter of the given kind, or the page is not found. */
export function pathId(req: Request, name: string, kind: keyof typeof IDS): string {
  const value = req.params[name];
  if (typeof value !== 'string' || !IDS[kind].test(value)) throw new NotFoundError('Page');
  return value;
}
