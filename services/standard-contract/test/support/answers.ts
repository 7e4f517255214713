/**
 * Typed answers: the API's JSON bodies as the schemas of @rammeaftale/service-api describe them
 * (dates arrive as strings; the tests read them as such), so a test reads `res.body.contract.id`
 * as a known field rather than `any`.
 */
import type { Response } from 'supertest';
import type {
  ContractPage,
  ContractView,
  TariffChangeSummaryView,
  TariffChangeView,
} from '@rammeaftale/service-api';

export type { ContractPage, ContractView, TariffChangeSummaryView, TariffChangeView };

/** A response whose body has the type `T`. */
export type Answer<T> = Omit<Response, 'body'> & { body: T };

/** Types the body of a request's answer (supertest's is `any`). */
export const answer = <T>(pending: PromiseLike<Response>): Promise<Answer<T>> =>
  Promise.resolve(pending);

export type Drafted = { created: boolean; contract: ContractView };
export type Announced = { created: boolean; change: TariffChangeView };
export type Decided = { decided: string[]; change: TariffChangeView };
export type Problem = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors: { field: string; message: string; code?: string }[];
};
export type TemplateSummary = { templateId: string; version: number };

/** The problem+json body of a refused request, whatever the request's answer type was. */
export const problemOf = (res: { body: unknown }): Problem => res.body as Problem;
