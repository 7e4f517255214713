import type { Response, Router } from 'express';
import type { z } from 'zod';
import { TariffAnnouncementBody } from '@rammeaftale/service-api';
import { listOwnOffers } from '../../offers/own-offers.use-case';
import { isoFromDateField, oreFromAmountField } from '../kit/format';
import { readForm, type FormSpec } from '../kit/form-kit';
import { withNotice } from '../kit/notices';
import { signedInActor, type PageKit } from '../kit/page';
import { formPage, submitForm, type FormState } from '../kit/submit';
import { requirePortalRole } from '../session';
import { announceView } from './announce.view';
import { contractsFor } from './contracts-service';

/** The announcement as the contracts service's own body (POST /tariff-changes). */
const ANNOUNCE_FORM: FormSpec<z.infer<typeof TariffAnnouncementBody>> = {
  name: 'announce',
  fields: ['offerId', 'effectiveFrom', 'dailyBasisTariff', 'reason'],
  schema: TariffAnnouncementBody,
  toBody: (v) => ({
    offerId: v.offerId,
    effectiveFrom: isoFromDateField(v.effectiveFrom ?? ''),
    dailyBasisTariffOre: oreFromAmountField(v.dailyBasisTariff ?? ''),
    reason: v.reason,
  }),
  paths: { dailyBasisTariffOre: 'dailyBasisTariff' },
};

/**
 * A supplier announces a new tariff for one of the offers it runs. Sent twice (a double click),
 * the contracts service answers with the same change, so both land on it.
 */
export function registerAnnouncePage(portal: Router, kit: PageKit): void {
  const only = requirePortalRole('supplier');
  const show = async (res: Response, state: Partial<FormState> = {}) => {
    const offers = await listOwnOffers(kit.deps.registry, signedInActor(res));
    await kit.render(
      res.req,
      res,
      announceView({
        offers: offers.items.map((o) => [o.id, o.name]),
        ...formPage(res, state),
      }),
    );
  };

  portal.get('/takstaendringer/ny', only, (_req, res) => show(res));

  portal.post('/takstaendringer', only, ...kit.forms, (req, res) =>
    submitForm(res, {
      spec: ANNOUNCE_FORM,
      values: readForm(req, ANNOUNCE_FORM.fields),
      run: async (body) => {
        const { client, token } = contractsFor(kit, res);
        // The buyers asked are told from the change's event (tariff-change.approval-requested).
        const { change } = await client.announce(token, body);
        return withNotice(`/takstaendringer/${change.id}`, 'varslet');
      },
      show: (state) => show(res, state),
    }),
  );
}
