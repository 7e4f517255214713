export default async function globalTeardown(): Promise<void> {
  await globalThis.__RAMMEAFTALE_INFRA__?.stop();
}
