/**
 * Starts Microsoft 365 Agents Playground (`@microsoft/m365agentsplayground`) as a child process
 * pointed at a bot endpoint, with Plan Pulse's user config, and stops it again. The Playground
 * tries to open a browser when it starts and crashes with `spawn xdg-open ENOENT` where none is
 * installed, so it runs with TEAMSAPPTESTER_BROWSER=none and a do-nothing `xdg-open` first on PATH.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writePlaygroundConfig, type PlaygroundConfigOptions } from './playgroundUser';

export interface PlaygroundOptions extends PlaygroundConfigOptions {
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3978/api/messages. */
  botEndpoint: string;
  /** The Playground's port; it falls back to a random free one when this is taken. 0 asks for a random one. */
  port?: number;
  /** Where the config file, the log and the dummy xdg-open go; a fresh temporary folder by default. */
  workDir?: string;
  /** The Bot Connector URL the Playground puts in activities; its own /_connector by default. */
  serviceUrl?: string;
  /** Lets the Playground open the system browser at start; off by default (headless machines, tests). */
  openBrowser?: boolean;
  /** Passes the Playground's own output through to this process's stdout. */
  echo?: boolean;
  startTimeoutMs?: number;
}

export interface RunningPlayground {
  /** The web UI, e.g. http://127.0.0.1:56150 */
  url: string;
  port: number;
  pid: number;
  configPath: string;
  logPath: string;
  /** Resolves when the process has exited, however it ended. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export class PlaygroundStartError extends Error {
  override name = 'PlaygroundStartError';
}

function playgroundCli(): string {
  return require.resolve('@microsoft/m365agentsplayground/cli.js');
}

/** A folder holding an `xdg-open` that does nothing, for machines without a desktop. */
function dummyBrowserDir(workDir: string): string {
  const dir = path.join(workDir, 'bin');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'xdg-open');
  fs.writeFileSync(file, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  return dir;
}

function tail(file: string, lines = 15): string {
  try {
    return fs.readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log written)';
  }
}

async function configAnswers(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/_internal/v1/config`);
    return res.ok;
  } catch {
    return false;
  }
}

function waitForExit(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

export async function startPlayground(options: PlaygroundOptions): Promise<RunningPlayground> {
  const workDir = options.workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'planpulse-playground-'));
  fs.mkdirSync(workDir, { recursive: true });
  const configPath = writePlaygroundConfig(workDir, options);
  const logPath = path.join(workDir, 'playground.log');
  const requestedPort = options.port ?? 56150;
  const args = [playgroundCli(), '-e', options.botEndpoint, '-c', 'msteams', '-p', String(requestedPort), '--dt'];
  if (options.serviceUrl) args.push('--service-url', options.serviceUrl);
  const child = spawn(process.execPath, args, {
    cwd: workDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ...(options.openBrowser
        ? {}
        : { PATH: `${dummyBrowserDir(workDir)}${path.delimiter}${process.env.PATH ?? ''}`, TEAMSAPPTESTER_BROWSER: 'none' }),
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath,
      M365_AGENTS_PLAYGROUND_LOGFILE: logPath,
    },
  });
  const exited = waitForExit(child);
  // A child left behind would hold its port; kill is synchronous, so it works in an exit handler.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.removeListener('exit', killOnExit));
  let output = '';
  const collect = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output += text;
    if (options.echo) process.stdout.write(text);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 20_000);
  let port: number | undefined;
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new PlaygroundStartError(`The Agents Playground exited while starting (code ${child.exitCode}).\n${output.trim()}\n${tail(logPath)}`);
      }
      port ??= Number(/Listening on (\d+)/.exec(output)?.[1]) || undefined;
      // The config is read after the server listens; a bad one shows only in the log.
      if (port && (await configAnswers(`http://127.0.0.1:${port}`))) break;
      if (Date.now() > deadline) {
        throw new PlaygroundStartError(`The Agents Playground did not answer within ${options.startTimeoutMs ?? 20_000} ms.\n${output.trim()}\n${tail(logPath)}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: `http://127.0.0.1:${port}`, port, pid: child.pid ?? 0, configPath, logPath, exited, stop };
}
