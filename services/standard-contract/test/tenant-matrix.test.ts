/**
 * The cross-tenant matrix of the contracts service (issue 7): every operation with an id, called on
 * a running contract of Greve (Køge pays) and on a tariff change of its supplier (reported to
 * Socialtilsyn Øst) by everyone who is not a party — another municipality, another supplier, an
 * authority it was not reported to, roles that read no contracts — and by the parties for what
 * only another party may do. Each must get 403 or 404 with none of the canaries, and every
 * party's view must read the same afterwards. A new route with an id fails the first test until
 * it is classified here.
 */
import {
  canary,
  openApiIdRoutes,
  partiesOf,
  tenantMatrixTests,
  viewsOf,
  type ListCase,
  type Party,
  type TenantCase,
  type TenantMatrix,
} from '@rammeaftale/testing';
import {
  MUNICIPALITIES,
  activeContract,
  as,
  offerId,
  pdfText,
  startContracts,
  type ContractsHarness,
  type Who,
} from './support';

jest.setTimeout(60_000);

const C = {
  reference: canary('Borger'),
  goal: canary('maal'),
  followUp: canary('opfoelgning'),
  department: canary('Afdeling'),
  offerName: canary('Tilbud'),
};
const T = { reason: canary('begrundelse'), note: canary('notat') };

let h: ContractsHarness;
const party = {} as Record<Who, Party>;
const ids = { contract: '', change: '' };

const pick = (...names: Who[]) => partiesOf(party, ...names);

beforeAll(async () => {
  h = await startContracts();
  for (const who of Object.keys(h.tokens) as Who[])
    party[who] = { headers: { authorization: `Bearer ${h.tokens[who]}` } };
  const offer = offerId('matrix');
  ids.contract = await activeContract(h, {
    offer: { offerId: offer, name: C.offerName, departmentName: C.department },
    basis: {
      payingMunicipality: MUNICIPALITIES.koege,
      citizen: { reference: C.reference, isChild: false },
      goals: [{ goal: C.goal, followUp: C.followUp }],
    },
  });
  // A proposal awaiting the supplier, so the decision route has one to refuse strangers on.
  const proposed = await as(h, 'greve').post(`/contracts/${ids.contract}/amendment-proposals`, {
    effectiveFrom: '2026-04-01',
    reason: 'Mere støtte',
    changes: { endDate: '2027-12-31' },
  });
  if (proposed.status !== 201) throw new Error(`${proposed.status} ${proposed.text}`);
  const announced = await as(h, 'supplier').post('/tariff-changes', {
    offerId: offer,
    effectiveFrom: '2025-09-01',
    dailyBasisTariffOre: 109_000,
    reason: T.reason,
  });
  if (announced.status !== 201) throw new Error(`${announced.status} ${announced.text}`);
  ids.change = (announced.body as { change: { id: string } }).change.id;
  const justified = await as(h, 'supplier').post(`/tariff-changes/${ids.change}/justifications`, {
    note: T.note,
  });
  if (justified.status !== 201) throw new Error(`${justified.status} ${justified.text}`);
});

afterAll(() => h.svc.close());

/** The contract as its three parties read it: the buyer, the paying municipality, the supplier. */
const contractViews = () =>
  viewsOf(party, `/contracts/${ids.contract}`, 'greve', 'koege', 'supplier');
/** The change as everyone it concerns reads it, the authority it was reported to included. */
const changeViews = () =>
  viewsOf(
    party,
    `/tariff-changes/${ids.change}`,
    'supplier',
    'greve',
    'koege',
    'authority',
    'secretariat',
  );
/** The report of the change to Socialtilsyn Øst, as the authority and the secretariat read it. */
const reportViews = (suffix: string) =>
  viewsOf(
    party,
    `/authority-reports/${ids.change}/socialtilsyn-oest${suffix}`,
    'authority',
    'secretariat',
  );
/** Everyone but the authority the report is addressed to and the secretariat. */
const reportStrangers = () =>
  pick(
    'greve',
    'koege',
    'roskilde',
    'supplier',
    'otherSupplier',
    'otherAuthority',
    'unknownAuthority',
    'operator',
  );
const contractCanaries = Object.values(C);
const changeCanaries = Object.values(T);

/** Not parties to the contract, and roles that read no contracts. */
const strangers = () => pick('roskilde', 'otherSupplier', 'secretariat', 'authority', 'operator');

/** A step of the contract's lifecycle: strangers, and the parties the step is not for. */
const contractStep = (json: unknown, notFor: Who[]) => (): TenantCase => ({
  params: { id: ids.contract },
  json,
  owners: contractViews(),
  canaries: contractCanaries,
  intruders: { ...strangers(), ...pick(...notFor) },
});

const matrix: TenantMatrix = {
  'get /contracts/{id}': () => ({
    params: { id: ids.contract },
    owners: contractViews(),
    canaries: contractCanaries,
    intruders: strangers(),
  }),
  'get /contracts/{id}/versions/{version}/pdf': () => ({
    params: { id: ids.contract, version: '1' },
    owners: {
      greve: {
        party: party.greve,
        path: `/contracts/${ids.contract}/versions/1/pdf`,
        text: pdfText,
      },
    },
    // The PDF holds the contract text: the pseudonym, the goals, the department.
    canaries: [C.reference, C.goal, C.followUp, C.department],
    intruders: strangers(),
  }),
  'post /contracts/{id}/send': contractStep({}, ['koege', 'supplier']),
  'post /contracts/{id}/accept': contractStep({ version: 1 }, ['greve', 'koege']),
  'post /contracts/{id}/sign': contractStep({ version: 1 }, ['koege', 'supplier']),
  'post /contracts/{id}/activate': contractStep({}, ['koege', 'supplier']),
  'post /contracts/{id}/amendments': contractStep(
    {
      kind: 'price-change',
      effectiveFrom: '2026-01-01',
      dailyBasisTariffOre: 102_000,
      tariffYear: 2026,
    },
    ['koege', 'supplier'],
  ),
  'post /contracts/{id}/termination': contractStep(
    { noticeGivenOn: '2026-12-01', reason: 'Borgeren flytter' },
    ['koege'],
  ),
  'post /contracts/{id}/rescission': contractStep(
    { effectiveOn: '2026-01-15', reason: 'Væsentlig misligholdelse' },
    ['koege'],
  ),
  'post /contracts/{id}/withdrawal': contractStep({ reason: 'Fejl i bestillingen' }, [
    'koege',
    'supplier',
  ]),
  'post /contracts/{id}/rejection': contractStep({ reason: 'Ingen plads alligevel' }, [
    'greve',
    'koege',
  ]),
  'post /contracts/{id}/amendment-proposals': contractStep(
    { effectiveFrom: '2026-05-01', reason: 'Ny ydelse', changes: { endDate: '2028-01-31' } },
    ['koege'],
  ),
  // Greve proposed it: the supplier decides; Køge pays, so it reads the contract but cannot act.
  'post /contracts/{id}/amendment-proposals/{number}/decision': () => ({
    params: { id: ids.contract, number: '1' },
    json: { decision: 'accept' },
    owners: contractViews(),
    canaries: contractCanaries,
    intruders: { ...strangers(), ...pick('koege') },
  }),
  'get /tariff-changes/{id}': () => ({
    params: { id: ids.change },
    owners: changeViews(),
    canaries: changeCanaries,
    intruders: pick('roskilde', 'otherSupplier', 'otherAuthority', 'unknownAuthority', 'operator'),
  }),
  'post /tariff-changes/{id}/decision': () => ({
    params: { id: ids.change },
    json: { decision: 'approve', comment: 'Godkendt', reference: 'GRV-2025-1' },
    owners: changeViews(),
    canaries: changeCanaries,
    // Køge pays, so it reads the change, but only the acting municipality decides.
    intruders: pick('roskilde', 'koege', 'supplier', 'otherSupplier', 'authority', 'secretariat'),
  }),
  'post /tariff-changes/{id}/justifications': () => ({
    params: { id: ids.change },
    json: { documentReference: 'doc:beregning-2025-09', note: 'Opdateret' },
    owners: changeViews(),
    canaries: changeCanaries,
    intruders: pick('otherSupplier', 'greve', 'roskilde', 'authority', 'secretariat'),
  }),
  'get /authority-reports/{id}/{authority}': () => ({
    params: { id: ids.change, authority: 'socialtilsyn-oest' },
    owners: reportViews(''),
    canaries: [C.offerName],
    intruders: reportStrangers(),
  }),
  'get /authority-reports/{id}/{authority}/{format}': () => ({
    params: { id: ids.change, authority: 'socialtilsyn-oest', format: 'json' },
    owners: reportViews('/json'),
    // The report's JSON holds the announcement's reason as well.
    canaries: [C.offerName, T.reason],
    intruders: reportStrangers(),
  }),
  'get /templates/{templateId}/versions/{version}': {
    exempt: 'The four national standard contract templates are public, not tenant data',
  },
};

const lists: Record<string, () => ListCase> = {
  'the contracts': () => ({
    path: '/contracts',
    owners: pick('greve', 'koege', 'supplier'),
    intruders: pick('roskilde', 'otherSupplier', 'secretariat', 'authority'),
    canaries: [ids.contract, C.offerName],
  }),
  "the access log of the contract's citizen": () => ({
    method: 'post',
    path: '/access-log/extract',
    json: { citizenRef: C.reference },
    owners: pick('greve', 'koege', 'secretariat'),
    intruders: pick('roskilde', 'supplier', 'otherSupplier', 'authority'),
    canaries: [ids.contract],
  }),
  'the reports to the authorities': () => ({
    path: '/authority-reports',
    owners: pick('authority', 'secretariat'),
    intruders: pick('otherAuthority', 'unknownAuthority'),
    canaries: [ids.change, C.offerName],
  }),
  "the secretariat's list of every tariff change": () => ({
    path: '/oversight/tariff-changes',
    owners: pick('secretariat'),
    intruders: pick(
      'greve',
      'koege',
      'roskilde',
      'supplier',
      'otherSupplier',
      'authority',
      'operator',
    ),
    canaries: [ids.change, C.offerName],
  }),
  'the meeting pack of the offers an authority supervises': () => ({
    path: '/analytics/meeting-pack?from=2025-01-01&to=2026-12-31',
    owners: pick('authority', 'secretariat'),
    intruders: pick('otherAuthority', 'unknownAuthority', 'greve', 'supplier', 'operator'),
    canaries: [C.offerName],
  }),
  'the tariff changes': () => ({
    path: '/tariff-changes',
    owners: pick('supplier', 'greve', 'koege', 'authority', 'secretariat'),
    intruders: pick('roskilde', 'otherSupplier', 'otherAuthority', 'unknownAuthority', 'operator'),
    canaries: [ids.change, C.offerName],
  }),
};

describe('the cross-tenant matrix of the contracts service', () => {
  tenantMatrixTests({
    baseUrl: () => h.url,
    idRoutes: () => openApiIdRoutes(h.url),
    matrix,
    lists,
  });
});
