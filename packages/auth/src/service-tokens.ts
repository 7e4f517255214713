import { z } from 'zod';

/** Something that yields a bearer token for calls to another service. */
export type ServiceTokenSource = () => Promise<string>;

const TokenResponse = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive().default(300),
});

/**
 * OAuth 2.0 client-credentials: a service asks the identity provider for its own token and reuses
 * it until shortly before it expires. Services never forward a user's token to each other (the
 * portal's pages, a person's front end, call the contracts API with that person's token: ADR 0009).
 */
export function clientCredentialsTokenSource(opts: {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  audience?: string;
}): ServiceTokenSource {
  let cached: { token: string; until: number } | undefined;
  let inflight: Promise<string> | undefined;
  const fetchToken = async () => {
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: opts.clientId,
      client_secret: opts.clientSecret,
    });
    if (opts.audience) body.set('audience', opts.audience);
    const res = await fetch(opts.tokenUrl, {
      method: 'POST',
      body,
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) throw new Error(`token endpoint answered ${res.status}`);
    const parsed = TokenResponse.parse(await res.json());
    cached = { token: parsed.access_token, until: Date.now() + (parsed.expires_in - 30) * 1000 };
    return parsed.access_token;
  };
  return async () => {
    if (cached && cached.until > Date.now()) return cached.token;
    inflight ??= fetchToken().finally(() => {
      inflight = undefined;
    });
    return inflight;
  };
}
