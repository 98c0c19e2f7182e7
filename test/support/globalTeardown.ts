/** Stops the Azurite that globalSetup started. */
import type { EmbeddedAzurite } from '../../src/storage/azurite';

export default async function globalTeardown(): Promise<void> {
  const azurite = (globalThis as Record<string, unknown>).__AZURITE__ as EmbeddedAzurite | undefined;
  await azurite?.stop();
}
