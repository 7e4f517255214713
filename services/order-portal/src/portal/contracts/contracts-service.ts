import type { Response } from 'express';
import { UnavailableError } from '@rammeaftale/domain';
import type { ContractsClient } from '../../contracts/contracts.client';
import type { PageKit } from '../kit/page';
import { tokenIn } from '../session';

/**
 * The contracts service for a page, called with the signed-in person's own token (ADR 0009).
 * Not connected → the Danish "contracts unavailable" page (503), like a service that is down.
 */
export function contractsFor(
  kit: PageKit,
  res: Response,
): { client: ContractsClient; token: string } {
  const client = kit.deps.contracts;
  if (!client)
    throw new UnavailableError('The portal is not connected to the contracts service', 5, {
      code: 'contracts-unavailable',
    });
  return { client, token: tokenIn(res) };
}
