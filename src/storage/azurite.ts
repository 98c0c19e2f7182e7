/**
 * The embedded Azure Table Storage: Azurite started in-process from its table server
 * module (its package main is a VS Code extension), in memory or with a data folder.
 */
import path from 'node:path';
import fs from 'node:fs';

export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface EmbeddedAzurite {
  url: string;
  connectionString: string;
  stop(): Promise<void>;
}

export function azuriteConnectionString(tableUrl: string): string {
  return `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};TableEndpoint=${tableUrl};`;
}

interface TableServerLike {
  start(): Promise<void>;
  close(): Promise<void>;
  clean(): Promise<void>;
  getHttpServerAddress(): string;
}

export async function startAzurite(options: { dataDir?: string; port?: number; host?: string } = {}): Promise<EmbeddedAzurite> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const TableServer = require('azurite/dist/src/table/TableServer').default as new (config: unknown) => TableServerLike;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const TableConfiguration = require('azurite/dist/src/table/TableConfiguration').default as new (
    ...args: unknown[]
  ) => unknown;
  const inMemory = !options.dataDir;
  let dbPath = path.join(process.cwd(), '__azurite_db_table__.json');
  if (options.dataDir) {
    fs.mkdirSync(options.dataDir, { recursive: true });
    dbPath = path.join(path.resolve(options.dataDir), '__azurite_db_table__.json');
  }
  const config = new TableConfiguration(
    options.host ?? '127.0.0.1',
    options.port ?? 0,
    undefined, // keepAliveTimeout
    dbPath,
    false, // debug log
    false, // access log
    undefined,
    undefined,
    false, // loose
    true, // skipApiVersionCheck
    '',
    '',
    '',
    undefined,
    false,
    inMemory,
  );
  const server = new TableServer(config);
  await server.start();
  const address = server.getHttpServerAddress();
  const url = `${address.replace(/\/$/, '')}/${AZURITE_ACCOUNT}`;
  return {
    url,
    connectionString: azuriteConnectionString(url),
    async stop() {
      await server.close();
    },
  };
}
