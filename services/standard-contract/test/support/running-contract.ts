import type { ContractBasis, ContractView } from '@rammeaftale/service-api';
import { MUNICIPALITIES, OTHER_SUPPLIER, basisFactory } from './factories';
import { as, type ContractsHarness } from './start-contracts';

type MunicipalityName = keyof typeof MUNICIPALITIES;

/**
 * A running contract made through the API the way it happens for real: drafted (service), sent
 * and signed by the acting municipality, accepted by the supplier, activated.
 */
export async function activeContract(
  h: ContractsHarness,
  opts: {
    buyer?: MunicipalityName;
    supplier?: 'supplier' | 'otherSupplier';
    offer?: Partial<ContractBasis['offer']>;
    dailyBasisTariffOre?: number;
    additionalTariffs?: { description: string; dailyOre: number }[];
    startDate?: string;
    /** Anything else of the basis (citizen, goals, another paying municipality). */
    basis?: Partial<ContractBasis>;
  } = {},
): Promise<string> {
  const buyer = opts.buyer ?? 'greve';
  const supplierToken = opts.supplier ?? 'supplier';
  const base = basisFactory();
  const basis = basisFactory({
    actingMunicipality: MUNICIPALITIES[buyer],
    payingMunicipality: MUNICIPALITIES[buyer],
    supplier: supplierToken === 'supplier' ? base.supplier : OTHER_SUPPLIER,
    offer: { ...base.offer, ...opts.offer },
    price: {
      dailyBasisTariffOre: opts.dailyBasisTariffOre ?? 100_000,
      additionalTariffs: opts.additionalTariffs ?? [],
      tariffYear: 2025,
    },
    startDate: opts.startDate ?? '2025-03-01',
    ...opts.basis,
  });
  const drafted = await as(h, 'service').post('/internal/contracts/drafts', basis);
  if (drafted.status !== 201) throw new Error(`draft: ${drafted.status} ${drafted.text}`);
  const id = (drafted.body as { contract: ContractView }).contract.id;
  const steps: [keyof ContractsHarness['tokens'], string, object][] = [
    [buyer, 'send', {}],
    [supplierToken, 'accept', { version: 1 }],
    [buyer, 'sign', { version: 1 }],
    [buyer, 'activate', {}],
  ];
  for (const [who, step, body] of steps) {
    const res = await as(h, who).post(`/contracts/${id}/${step}`, body);
    if (res.status !== 200) throw new Error(`${step}: ${res.status} ${res.text}`);
  }
  return id;
}
