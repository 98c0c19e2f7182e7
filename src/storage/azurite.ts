/**
 * The embedded Azure Table Storage: Azurite's table server, run in a child process.
 * It must not share a process with restify, which patches Node's IncomingMessage with a
 * `query` method that hides the query string from Azurite's own request handling (every
 * filtered query would then return the whole table). The child dies with its parent.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** How long a stopping Azurite may take to save its data file before it is killed. */
const STOP_TIMEOUT_MS = 30_000;

export interface EmbeddedAzurite {
  url: string;
  /** The child's process id: it holds the data file until it exits. */
  pid: number;
  connectionString: string;
  stop(): Promise<void>;
}

export function azuriteConnectionString(tableUrl: string): string {
  return `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};TableEndpoint=${tableUrl};`;
}

/** The child's program: start the table server, report its address, stop on request or when orphaned. */
const CHILD = `
const [serverPath, configPath, optionsJson] = process.argv.slice(1);
const TableServer = require(serverPath).default;
const TableConfiguration = require(configPath).default;
const o = JSON.parse(optionsJson);
const config = new TableConfiguration(o.host, o.port, undefined, o.dbPath, false, false, undefined, undefined,
  false, true, '', '', '', undefined, false, o.inMemory);
const server = new TableServer(config);
const stop = () => server.close().finally(() => process.exit(0));
process.on('message', (m) => { if (m === 'stop') stop(); });
process.on('disconnect', stop);
process.on('SIGTERM', stop);
server.start().then(
  () => process.send({ address: server.getHttpServerAddress() }),
  (err) => { process.send({ error: String(err && err.message || err) }); process.exit(1); },
);
`;

export async function startAzurite(options: { dataDir?: string; port?: number; host?: string } = {}): Promise<EmbeddedAzurite> {
  const inMemory = !options.dataDir;
  let dbPath = path.join(process.cwd(), '__azurite_db_table__.json');
  if (options.dataDir) {
    fs.mkdirSync(options.dataDir, { recursive: true });
    dbPath = path.join(path.resolve(options.dataDir), '__azurite_db_table__.json');
  }
  const childOptions = { host: options.host ?? '127.0.0.1', port: options.port ?? 0, dbPath, inMemory };
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '-e',
      CHILD,
      require.resolve('azurite/dist/src/table/TableServer'),
      require.resolve('azurite/dist/src/table/TableConfiguration'),
      JSON.stringify(childOptions),
    ],
    { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const address = await new Promise<string>((resolve, reject) => {
    child.once('message', (m: { address?: string; error?: string }) =>
      m.address ? resolve(m.address) : reject(new Error(`Azurite did not start: ${m.error ?? 'no address'}`)),
    );
    child.once('exit', (code) => reject(new Error(`Azurite exited with code ${code} before it started. ${stderr.trim()}`)));
  });
  // The child must not keep a finished process (or jest) alive.
  child.unref();
  (child.channel as { unref?: () => void } | undefined)?.unref?.();
  const url = `${address.replace(/\/$/, '')}/${AZURITE_ACCOUNT}`;
  return {
    url,
    pid: child.pid!,
    connectionString: azuriteConnectionString(url),
    stop() {
      return new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        // Held while the child saves and exits: an unreferenced child would let this process
        // end first, before the caller (a command about to return its exit code) resumes.
        child.ref();
        const force = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        if (child.connected) child.send('stop');
        else child.kill('SIGTERM');
      });
    },
  };
}
