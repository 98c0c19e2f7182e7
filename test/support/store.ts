/**
 * A fresh store for one test file: real Azurite (started by globalSetup), tables under a
 * random prefix so test files never see each other's rows.
 */
import { randomBytes } from 'node:crypto';
import { Store } from '../../src/storage/store';
import { TableStore } from '../../src/storage/tableStore';

export function testConnectionString(): string {
  const cs = process.env.TEST_STORAGE_CONNECTION_STRING;
  if (!cs) throw new Error('TEST_STORAGE_CONNECTION_STRING is not set: run the tests through jest (npm test), whose global setup starts Azurite.');
  return cs;
}

export function uniquePrefix(): string {
  return `t${randomBytes(5).toString('hex')}`;
}

export async function makeTestStore(prefix = uniquePrefix()): Promise<Store> {
  return new Store(new TableStore({ kind: 'connectionString', connectionString: testConnectionString() }, prefix)).init();
}
