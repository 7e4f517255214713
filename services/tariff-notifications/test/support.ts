import {
  createLocalIdentityProvider,
  type LocalIdentityProvider,
  type Role,
} from '@rammeaftale/auth';
import { createLogger } from '@rammeaftale/logging';
import { startSmtpCatcher, testEnv, uniqueName, type SmtpCatcher } from '@rammeaftale/testing';
import { tariffNotificationsEnv } from '../src/config';
import { startTariffNotifications, type TariffNotifications } from '../src/start';

/** The service in-process with its worker, on its own database and queue prefix, sending to a real SMTP catcher. */
export interface NotificationsHarness {
  svc: TariffNotifications;
  smtp: SmtpCatcher;
  idp: LocalIdentityProvider;
  url: string;
  /** `authorization` headers of a user with this role in this organisation. */
  bearer: (role: Role, organisationId: string) => Promise<{ authorization: string }>;
  close: () => Promise<void>;
}

export async function startNotifications(
  name: string,
  env: Record<string, string> = {},
): Promise<NotificationsHarness> {
  const idp = await createLocalIdentityProvider();
  const smtp = await startSmtpCatcher();
  const svc = await startTariffNotifications(
    tariffNotificationsEnv.parse({
      ...testEnv(),
      PORT: '0',
      MONGO_DB: uniqueName(name),
      SMTP_URL: smtp.url,
      AUTH_ISSUER: idp.issuer,
      AUTH_JWKS_URL: 'http://127.0.0.1:1/unused',
      ...env,
    }),
    {
      logger: createLogger({ service: name, level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
      verifier: idp.verifier,
      queuePrefix: uniqueName(name),
    },
  );
  return {
    svc,
    smtp,
    idp,
    url: svc.http.url,
    bearer: async (role, organisationId) => ({
      authorization: `Bearer ${await idp.issue({ userId: `${role}-${organisationId}`, role, organisationId })}`,
    }),
    close: async () => {
      await svc.close();
      await smtp.close();
    },
  };
}
