/**
 * One embedded store per data folder: `npm start`'s runtime and the planpulse command line
 * use the same Azurite, so what either writes survives the other's saves; two commands take
 * turns; a lock left by a process that died is taken over.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPlanPulse } from '../../app/runtime';
import { loadConfig } from '../../src/config/config';
import { createLogger } from '../../src/logging/logger';
import { LOCK_FILE, openSharedStore, readLock, type StoreLock } from '../../src/storage/embeddedStore';
import { embeddedEnv, runCli, startServerProcess } from '../support/cli';
import { FIXTURE } from '../import/helpers';

jest.setTimeout(180_000);

const quiet = createLogger({ level: 'silent' });
const freshDataDir = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pp-shared-')), 'data');
/** Azurite saves its in-memory tables to the data file this often. */
const SAVE_INTERVAL_MS = 5000;

describe('npm start and the command line on one data folder', () => {
  it('share one store: both see a plan the command imported, and it is still there after a restart', async () => {
    const dataDir = freshDataDir();
    const config = loadConfig({ PORT: '0', PLANPULSE_SCHEDULER: 'off', PLANPULSE_DATA_DIR: dataDir });
    const running = await startPlanPulse({ config, logger: quiet });
    let restarted: Awaited<ReturnType<typeof startPlanPulse>> | undefined;
    try {
      expect(readLock(path.join(dataDir, LOCK_FILE))).toMatchObject({ pid: process.pid, role: 'server' });
      // The bot writes while it runs: someone talks to it.
      await running.opened.store.identities.merge('lead@council.example', { name: 'Lead Officer', reachable: true });

      const imported = await runCli(['import', FIXTURE], embeddedEnv(dataDir));
      // The fixture's dates are past today's: the import warns of overdue actions, and nothing else.
      expect(imported.stderr).toMatch(/^(Warning: [^\n]*\n)*$/);
      expect(imported.code).toBe(0);
      expect(imported.stdout).toContain('Imported plan plymouth-2023: 76 actions');

      // The bot sees the plan at once, and the command sees the bot's later change.
      expect((await running.opened.store.plans.listPlans()).map((p) => p.id)).toEqual(['plymouth-2023']);
      await running.opened.store.plans.modifyAction('plymouth-2023', '1.1', (a) => ({ ...a, brag: 'blue' }));
      const status = await runCli(['status'], embeddedEnv(dataDir));
      expect(status.code).toBe(0);
      expect(status.stdout).toContain('plymouth-2023: 76 actions');
      expect(status.stdout).toMatch(/BRAG: blue 1,/);

      // Past the save interval nothing is lost: no second Azurite saved an older copy over it.
      await new Promise((r) => setTimeout(r, SAVE_INTERVAL_MS + 1500));
      expect((await running.opened.store.plans.listPlans()).map((p) => p.id)).toEqual(['plymouth-2023']);
      expect((await running.opened.store.identities.get('lead@council.example'))?.name).toBe('Lead Officer');
      expect(fs.readFileSync(path.join(dataDir, '__azurite_db_table__.json'), 'utf8')).toContain('plymouth-2023');

      await running.close();
      expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);

      restarted = await startPlanPulse({ config, logger: quiet });
      const store = restarted.opened.store;
      expect((await store.plans.listPlans()).map((p) => p.id)).toEqual(['plymouth-2023']);
      expect((await store.plans.getAction('plymouth-2023', '1.1'))?.value.brag).toBe('blue');
      expect((await store.identities.get('lead@council.example'))?.name).toBe('Lead Officer');
    } finally {
      await running.close();
      await restarted?.close();
    }
  });

  it('keeps what a command imported when the running Plan Pulse is killed', async () => {
    const dataDir = freshDataDir();
    const env = embeddedEnv(dataDir, { PORT: '0', PLANPULSE_SCHEDULER: 'off' });
    const server = await startServerProcess(env);
    try {
      expect(server.output()).toContain(`Storage:       embedded Azurite at`);
      const imported = await runCli(['import', FIXTURE, '--plan', 'council-plan', '--new-plan'], env);
      expect(imported.code).toBe(0);
      const listed = await runCli(['plans'], env);
      // The demo plan the server loaded and the command's plan, in one store.
      expect(listed.stdout).toMatch(/^council-plan\s/m);
      expect(listed.stdout).toMatch(/^plymouth-2023\s/m);
    } finally {
      await server.stop('SIGKILL');
    }
    // Its Azurite saves as it stops; the next command takes over the lock the killed process left.
    expect(readLock(path.join(dataDir, LOCK_FILE))?.pid).toBe(server.pid);
    const after = await runCli(['plans'], embeddedEnv(dataDir));
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/^council-plan\s+council-plan\s+76\s/m);
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
  });

  it('lets two commands run at once take turns, so the second sees what the first wrote', async () => {
    const env = embeddedEnv(freshDataDir());
    const runs = await Promise.all([runCli(['import', FIXTURE], env), runCli(['import', FIXTURE], env)]);
    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    const said = runs.map((r) => r.stdout.split('\n')[0]).sort();
    // With a store each, both would have imported 76 new actions into their own copy.
    expect(said).toEqual([
      'Imported plan plymouth-2023: 76 actions, 9 groups, 23 people (43 lead strings), 9 areas.',
      'Plan plymouth-2023 is already up to date (76 actions, 9 groups, 23 people (43 lead strings), 9 areas); nothing was changed.',
    ]);
  });

  it('takes over a lock left by a process that died', async () => {
    const dataDir = freshDataDir();
    fs.mkdirSync(dataDir, { recursive: true });
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const deadPid = Number(gone.stdout.toString());
    const left: StoreLock = { pid: deadPid, role: 'server', azuritePid: deadPid, url: 'http://127.0.0.1:9/devstoreaccount1', since: '2024-01-01T00:00:00Z', token: 'old' };
    fs.writeFileSync(path.join(dataDir, LOCK_FILE), JSON.stringify(left));
    const run = await runCli(['import', FIXTURE], embeddedEnv(dataDir));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Imported plan plymouth-2023');
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
  });

  it('makes a starting server wait for a command that holds the store, then run it', async () => {
    const dataDir = freshDataDir();
    const command = await openSharedStore({ dataDir, role: 'cli' });
    const waitedFor: StoreLock[] = [];
    const server = openSharedStore({ dataDir, role: 'server', onWait: (holder) => waitedFor.push(holder) });
    let serverOpen = false;
    void server.then(() => (serverOpen = true));
    await new Promise((r) => setTimeout(r, 1000));
    expect(serverOpen).toBe(false);
    expect(waitedFor).toEqual([expect.objectContaining({ pid: process.pid, role: 'cli', url: command.url })]);
    await command.close();
    const owner = await server;
    try {
      expect(owner.owner).toBe(true);
      // A command now uses the server's Azurite rather than starting one.
      const next = await openSharedStore({ dataDir, role: 'cli' });
      expect(next).toMatchObject({ owner: false, url: owner.url });
      await next.close();
      expect(readLock(path.join(dataDir, LOCK_FILE))?.role).toBe('server');
    } finally {
      await owner.close();
    }
  });
});
