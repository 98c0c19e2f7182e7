/**
 * `npm run playground`: Plan Pulse in Microsoft 365 Agents Playground, a Teams-like client that runs
 * offline. Reuses a bot already answering on PORT, or starts one with its embedded defaults
 * (`node dist/app/main.js`: Azurite under .data/, the demo plan); then starts the Playground pointed
 * at it, signed in as the demo plan's lead DCS PCC (DH), and prints the address to open.
 * Ctrl-C stops both.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { loadConfigOrExit, type Config } from '../src/config/config';
import { projectRoot } from '../src/util/projectRoot';
import { PlaygroundStartError, startPlayground, type RunningPlayground } from './playground/launchPlayground';
import { DEMO_LEAD } from './playground/playgroundUser';

const BOT_START_TIMEOUT_MS = 90_000;

async function healthy(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/healthz`)).ok;
  } catch {
    return false;
  }
}

function hasDesktopBrowser(): boolean {
  if (process.platform !== 'linux') return true;
  if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return false;
  return spawnSync('sh', ['-c', 'command -v xdg-open'], { stdio: 'ignore' }).status === 0;
}

async function startBot(config: Config, botUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(projectRoot(), 'dist', 'bot', 'main.js')], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, PORT: String(config.PORT) },
  });
  const deadline = Date.now() + BOT_START_TIMEOUT_MS;
  while (!(await healthy(botUrl))) {
    if (child.exitCode !== null) throw new Error(`Plan Pulse exited while starting (code ${child.exitCode}); its output is above.`);
    if (Date.now() > deadline) {
      child.kill('SIGINT');
      throw new Error(`Plan Pulse did not answer on ${botUrl}/healthz within ${BOT_START_TIMEOUT_MS / 1000} s.`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return child;
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const botUrl = `http://127.0.0.1:${config.PORT}`;
  let bot: ChildProcess | undefined;
  if (await healthy(botUrl)) {
    process.stdout.write(`Using the Plan Pulse already running at ${botUrl}.\n`);
  } else {
    process.stdout.write(`Starting Plan Pulse on ${botUrl} (npm start)…\n`);
    bot = await startBot(config, botUrl);
  }

  let playground: RunningPlayground;
  try {
    playground = await startPlayground({
      botEndpoint: `${botUrl}/api/messages`,
      port: Number(process.env.PLAYGROUND_PORT ?? 56150),
      workDir: path.resolve(config.PLANPULSE_DATA_DIR, 'playground'),
      openBrowser: hasDesktopBrowser(),
    });
  } catch (err) {
    bot?.kill('SIGINT');
    throw err;
  }

  process.stdout.write(
    [
      '',
      'Microsoft 365 Agents Playground is running against Plan Pulse.',
      `  Open:        http://localhost:${playground.port}`,
      `  Signed in as ${DEMO_LEAD.name} <${DEMO_LEAD.email}>, a lead of actions in the demo plan.`,
      `  Bot:         ${botUrl}/api/messages`,
      `  Playground log: ${playground.logPath}`,
      '',
      'In the personal chat, type "my actions", press Update on an action, choose a BRAG rating,',
      'write the progress and press Submit update. "help" lists every command.',
      '',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\nStopping the Playground${bot ? ' and Plan Pulse' : ''} (${signal})…\n`);
    await playground.stop();
    if (bot && bot.exitCode === null) {
      const exited = new Promise((r) => bot!.once('exit', r));
      bot.kill('SIGINT');
      await exited;
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  void playground.exited.then((code) => {
    if (stopping) return;
    process.stderr.write(`The Playground stopped by itself (code ${code}); see ${playground.logPath}.\n`);
    void stop('Playground exit');
  });
}

main().catch((err: unknown) => {
  const message = err instanceof PlaygroundStartError || err instanceof Error ? err.message : String(err);
  process.stderr.write(`The playground could not start: ${message}\n`);
  process.exit(1);
});
