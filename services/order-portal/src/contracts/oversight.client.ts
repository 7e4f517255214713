import {
  AuthorityReportPage,
  AuthorityReportRow,
  MeetingPackView,
  PolicyUsageView,
  type AuthorityReportQuery,
  type TariffChangeSearchQuery,
} from '@rammeaftale/service-api';
import { TariffChangePage } from '@rammeaftale/service-api';
import { json, type Call } from '../service-call';

/** `?a=1&b=x` of the values that are set, or ''. */
function queryOf(q: Record<string, string | number | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

const id = encodeURIComponent;

export type ReportFormat = 'pdf' | 'csv' | 'json';
export type MeetingPackTable = 'offers' | 'suppliers' | 'years';

/**
 * Oversight across municipalities, with the signed-in person's token: the secretariat's list of
 * every tariff change, the reports to the authorities (the contracts service decides which the
 * caller may read) and their documents, and the meeting pack.
 */
export function oversightCalls(call: Call) {
  const file = async (token: string, path: string) => {
    const res = await call(token, 'GET', path);
    return {
      bytes: Buffer.from(await res.arrayBuffer()),
      type: res.headers.get('content-type') ?? 'application/octet-stream',
    };
  };
  return {
    searchTariffChanges: async (token: string, q: Partial<TariffChangeSearchQuery>) =>
      json(TariffChangePage, await call(token, 'GET', `/oversight/tariff-changes${queryOf(q)}`)),
    authorityReports: async (token: string, q: Partial<AuthorityReportQuery>) =>
      json(AuthorityReportPage, await call(token, 'GET', `/authority-reports${queryOf(q)}`)),
    authorityReport: async (token: string, changeId: string, authority: string) =>
      json(
        AuthorityReportRow,
        await call(token, 'GET', `/authority-reports/${id(changeId)}/${id(authority)}`),
      ),
    authorityReportDocument: (
      token: string,
      changeId: string,
      authority: string,
      f: ReportFormat,
    ) => file(token, `/authority-reports/${id(changeId)}/${id(authority)}/${f}`),
    meetingPack: async (token: string, q: { from?: string; to?: string }) =>
      json(MeetingPackView, await call(token, 'GET', `/analytics/meeting-pack${queryOf(q)}`)),
    policyUsage: async (token: string) =>
      json(PolicyUsageView, await call(token, 'GET', '/oversight/policy-usage')),
    meetingPackCsv: (token: string, q: { from?: string; to?: string; table: MeetingPackTable }) =>
      file(token, `/analytics/meeting-pack${queryOf({ ...q, format: 'csv' })}`),
  };
}
