import type { AddressInfo } from 'node:net';
import express from 'express';
import type { LocalIdentityProvider } from '@rammeaftale/auth';
import { policyInForce, type PolicyValues } from '@rammeaftale/domain';
import type { ContractBasis } from '@rammeaftale/service-api';
import { POLICY_2025 } from './factories';

/**
 * A real HTTP server standing in for the order portal: the contract basis of selected orders and
 * the policy values registry (`GET /api/policy-values/in-force`), both behind a service token.
 */
export async function startPortalStandIn(opts: {
  serviceVerifier: LocalIdentityProvider['verifier'];
}) {
  const bases = new Map<string, ContractBasis>();
  const calls: string[] = [];
  const policyCalls: string[] = [];
  const state = { failNext: 0, policies: [POLICY_2025] as PolicyValues[], policyDown: false };
  const app = express();
  const serviceOnly: express.RequestHandler = async (req, res, next) => {
    const token = req.get('authorization')?.replace(/^Bearer /, '') ?? '';
    const actor = await opts.serviceVerifier(token).catch(() => undefined);
    if (!actor || actor.role !== 'service') return void res.status(401).end();
    next();
  };
  app.get('/internal/orders/:orderId/contract-basis', serviceOnly, (req, res) => {
    calls.push(String(req.params.orderId));
    if (state.failNext > 0) {
      state.failNext--;
      return void res.status(503).json({ title: 'Service Unavailable' });
    }
    const basis = bases.get(String(req.params.orderId));
    if (!basis) return void res.status(404).json({ title: 'Not Found' });
    res.json(basis);
  });
  app.get('/api/policy-values/in-force', serviceOnly, (req, res) => {
    const date = typeof req.query.date === 'string' ? req.query.date : '';
    policyCalls.push(date);
    if (state.policyDown) return void res.status(503).json({ title: 'Service Unavailable' });
    let p: PolicyValues;
    try {
      p = policyInForce(state.policies, date);
    } catch {
      return void res.status(404).json({ title: 'Not Found' });
    }
    const text = (bp: number) => `${(bp / 100).toFixed(2).replace('.', ',')} %`;
    res.json({
      ...p,
      plRateText: text(p.plRateBp),
      privateReportThresholdText: text(p.privateReportThresholdBp),
      publicReportThresholdText: text(p.publicReportThresholdBp),
      createdAt: '2024-12-01T10:00:00.000Z',
      createdByOrganisationId: 'secretariat',
    });
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bases,
    calls,
    policyCalls,
    failNext: (n: number) => {
      state.failNext = n;
    },
    setPolicies: (p: PolicyValues[]) => {
      state.policies = p;
    },
    policiesDown: (down: boolean) => {
      state.policyDown = down;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export type PortalStandIn = Awaited<ReturnType<typeof startPortalStandIn>>;
