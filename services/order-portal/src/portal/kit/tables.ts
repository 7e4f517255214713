import { h, type Html } from './html';

/**
 * A data table as the portal shows them: a caption (what the table is), column headers with
 * scope, and a wrapper that scrolls sideways on a narrow screen instead of the page.
 */
export function table(opts: {
  caption: string;
  head: readonly string[];
  rows: readonly Html[];
  kind?: 'zebra' | 'plain' | 'compact';
}): Html {
  const kind = opts.kind ?? 'zebra';
  const cls =
    kind === 'zebra' ? 'table table--zebra' : kind === 'compact' ? 'table table--compact' : 'table';
  // A region a keyboard can reach, since a wide table scrolls inside it (WCAG 2.1.1).
  return h`<div class="table-wrap" role="region" tabindex="0" aria-label="${opts.caption}"><table class="${cls}">
<caption>${opts.caption}</caption>
<thead><tr>${opts.head.map((c) => h`<th scope="col">${c}</th>`)}</tr></thead>
<tbody>${opts.rows}</tbody></table></div>`;
}

/** A table when there are rows, else a sentence saying there are none. */
export const tableOr = (rows: readonly Html[], none: string, shown: () => Html): Html =>
  rows.length ? shown() : h`<p>${none}</p>`;
