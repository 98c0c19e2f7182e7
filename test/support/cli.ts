/**
 * Runs the real planpulse command line (and the real `npm start` entry) as child processes,
 * from the TypeScript sources through tsHook.js, with the embedded store in a given folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const HOOK = path.join(__dirname, 'tsHook.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment of a fresh checkout: no configured store, the embedded one in `dataDir`. */
export function embeddedEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PLANPULSE_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...extra };
  for (const key of ['STORAGE_CONNECTION_STRING', 'STORAGE_TABLE_ENDPOINT', 'PLANPULSE_TABLE_PREFIX']) {
    if (!(key in extra)) delete env[key];
  }
  return env;
}

function spawnTs(entry: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ['-r', HOOK, path.join(ROOT, entry), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  const child = spawnTs('app/cli.ts', args, env);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface ServerProcess {
  pid: number;
  output(): string;
  /** Ends it with `signal` and waits for it to exit. */
  stop(signal: NodeJS.Signals): Promise<void>;
}

/** Starts `npm start`'s entry (app/main.ts) and waits until it says it is running. */
export async function startServerProcess(env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const child = spawnTs('app/main.ts', [], env);
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const check = () => {
      if (output.includes('Plan Pulse is running.')) resolve();
      else if (child.exitCode !== null) reject(new Error(`npm start's entry exited: ${output}`));
      else setTimeout(check, 100);
    };
    check();
  });
  return {
    pid: child.pid!,
    output: () => output,
    async stop(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
