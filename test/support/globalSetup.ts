/**
 * Starts one in-memory Azurite for the whole test run on a free loopback port and
 * hands its connection string to the test workers through the environment.
 */
import { startAzurite } from '../../src/storage/azurite';

export default async function globalSetup(): Promise<void> {
  const azurite = await startAzurite();
  (globalThis as Record<string, unknown>).__AZURITE__ = azurite;
  process.env.TEST_STORAGE_CONNECTION_STRING = azurite.connectionString;
}
