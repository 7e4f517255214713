import { z } from '@rammeaftale/http';

export const DEFAULT_PAGE_SIZE = 25;

/**
 * Which part of a search the API answers: a search costs what it shows, so a page of results in
 * words (their reasons) and the first page of the excluded offers of the citizen's target group;
 * `excluded=all` lists every excluded one. The counts (`page.results`, `page.excluded`,
 * `excludedByReason`) are always the whole search's, as is whether public capacity is free.
 */
export const SearchPageQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(10_000).default(1).describe('1-based page of results'),
  pageSize: z.coerce
    .number()
    .int()
    .min(1)
    .max(500)
    .default(DEFAULT_PAGE_SIZE)
    .describe('Results per page (also how many excluded offers are listed unless excluded=all)'),
  excluded: z
    .enum(['page', 'all'])
    .default('page')
    .describe('page: the first pageSize excluded offers of the target group; all: every one'),
});
export type SearchPageQuery = z.infer<typeof SearchPageQuery>;
