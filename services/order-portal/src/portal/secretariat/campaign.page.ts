import type { Request, Response, Router } from 'express';
import type { z } from 'zod';
import { UnavailableError } from '@rammeaftale/domain';
import { OrientationAudience, OrientationStart } from '../../campaigns/campaign.schemas';
import {
  campaignProgress,
  listCampaigns,
  previewOrientation,
  retryFailedLetters,
  startOrientation,
  type CampaignDeps,
} from '../../campaigns/orientation-campaign.use-case';
import { listPolicyValues } from '../../offers/policy-values.use-case';
import { intFromField } from '../kit/format';
import { checkForm, optional, readForm, type FormSpec, type FormValues } from '../kit/form-kit';
import { pathId } from '../kit/ids';
import { formRefusal } from '../kit/refusals';
import { withNotice } from '../kit/notices';
import { signedInActor, type PageKit } from '../kit/page';
import { formPage, submitForm, type FormState } from '../kit/submit';
import { requirePortalRole, tokenIn } from '../session';
import { campaignNewView } from './campaign-new.view';
import { campaignProgressView } from './campaign-progress.view';
import { campaignsView } from './campaigns.view';

export const CAMPAIGNS_PATH = '/sekretariat/kampagner';

const audienceBody = (v: FormValues) => ({
  year: intFromField(v.year ?? '') ?? NaN,
  targetGroup: optional(v.targetGroup),
  operatorKind: optional(v.operatorKind),
  municipalityCode: intFromField(v.municipalityCode ?? ''),
});

/** The audience form (a GET: choosing shows the recipients and one letter, nothing is sent). */
const AUDIENCE_FORM: FormSpec<z.infer<typeof OrientationAudience>> = {
  name: 'campaign',
  fields: ['year', 'targetGroup', 'operatorKind', 'municipalityCode'],
  schema: OrientationAudience,
  toBody: audienceBody,
};

/** The start: the same audience as hidden fields, and the key made with the preview. */
const START_FORM: FormSpec<z.infer<typeof OrientationStart>> = {
  ...AUDIENCE_FORM,
  fields: [...AUDIENCE_FORM.fields, 'key'],
  schema: OrientationStart,
  toBody: (v) => ({ ...audienceBody(v), key: v.key }),
};

const NOTICES = {
  startet: 'Kampagnen er startet. Brevene sendes nu.',
  igen: 'De fejlede breve sendes igen.',
};

const campaignsOf = (kit: PageKit): CampaignDeps => {
  if (!kit.deps.policies)
    throw new UnavailableError('Campaigns are not wired', 60, { code: 'not-connected' });
  return {
    registry: kit.deps.registry,
    policies: kit.deps.policies,
    notifications: kit.deps.notifications,
  };
};

const queryValues = (req: Request, names: readonly string[]): FormValues =>
  Object.fromEntries(
    names.map((n) => [n, typeof req.query[n] === 'string' ? req.query[n].trim() : '']),
  );

/** The orientation letter campaigns: the list, a new one (choose, preview, start), progress. */
export function registerCampaignPages(portal: Router, kit: PageKit): void {
  const only = requirePortalRole('secretariat');

  portal.get(CAMPAIGNS_PATH, only, async (req, res) => {
    const items = await listCampaigns(campaignsOf(kit), signedInActor(res), tokenIn(res));
    await kit.render(req, res, campaignsView({ items, ...formPage(res, {}, NOTICES) }));
  });

  const showNew = async (res: Response, values: FormValues, state: Partial<FormState> = {}) => {
    const deps = campaignsOf(kit);
    const years = [...new Set((await listPolicyValues(deps.policies)).items.map((p) => p.year))];
    const chosen = values.year ? checkForm(AUDIENCE_FORM, values) : undefined;
    let preview: Awaited<ReturnType<typeof previewOrientation>> | undefined;
    let shown: Partial<FormState> = chosen && !chosen.ok ? { errors: chosen.errors } : state;
    if (chosen?.ok && !state.problem) {
      try {
        preview = await previewOrientation(deps, signedInActor(res), tokenIn(res), chosen.body);
      } catch (err) {
        shown = formRefusal(err, AUDIENCE_FORM);
      }
    }
    await kit.render(
      res.req,
      res,
      campaignNewView({
        preview,
        years: years.sort((a, b) => b - a),
        ...formPage(res, { ...shown, values }),
      }),
    );
  };

  portal.get(`${CAMPAIGNS_PATH}/ny`, only, (req, res) =>
    showNew(res, queryValues(req, AUDIENCE_FORM.fields)),
  );

  portal.post(CAMPAIGNS_PATH, only, ...kit.forms, (req, res) => {
    const values = readForm(req, START_FORM.fields);
    return submitForm(res, {
      spec: START_FORM,
      values,
      run: async (body) => {
        const id = await startOrientation(campaignsOf(kit), signedInActor(res), tokenIn(res), body);
        return withNotice(`${CAMPAIGNS_PATH}/${encodeURIComponent(id)}`, 'startet');
      },
      show: (state) => showNew(res, values, state),
    });
  });

  portal.get(`${CAMPAIGNS_PATH}/:campaignId`, only, async (req, res) => {
    const id = pathId(req, 'campaignId', 'campaign');
    const progress = await campaignProgress(campaignsOf(kit), signedInActor(res), tokenIn(res), id);
    const done = progress.state === 'created' && progress.percentDone === 100;
    const follow = !done && req.query.opdater !== 'nej';
    // A plain refresh while letters are under way (no script); the page offers to stop it.
    if (follow) res.setHeader('Refresh', '5');
    await kit.render(
      req,
      res,
      campaignProgressView({ progress, follow, done, ...formPage(res, {}, NOTICES) }),
    );
  });

  portal.post(`${CAMPAIGNS_PATH}/:campaignId/proev-igen`, only, ...kit.forms, async (req, res) => {
    const id = pathId(req, 'campaignId', 'campaign');
    await retryFailedLetters(campaignsOf(kit), signedInActor(res), tokenIn(res), id);
    res.redirect(303, withNotice(`${CAMPAIGNS_PATH}/${encodeURIComponent(id)}`, 'igen'));
  });
}
