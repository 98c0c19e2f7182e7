/**
 * The real command line, run as a process again and again against the embedded store: every
 * command exits 0 when it worked, 1 for invalid input or a refusal, 2 for bad usage and 3 when
 * storage cannot be used — on every run, not most (the process once ended before the embedded
 * store had stopped, with whatever exit code it had by then).
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { AZURITE_KEY } from '../../src/storage/azurite';
import { embeddedEnv, runCli, type CliRun } from '../support/cli';
import { copyFixture, editRows, FIXTURE } from '../import/helpers';

jest.setTimeout(240_000);

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'pp-exit-'));

/** Runs the same command `times` times, one after another, and answers every exit code. */
async function codes(times: number, args: string[], env: NodeJS.ProcessEnv): Promise<{ codes: (number | null)[]; last: CliRun }> {
  const out: (number | null)[] = [];
  let last: CliRun | undefined;
  for (let i = 0; i < times; i++) {
    last = await runCli(args, env);
    out.push(last.code);
  }
  return { codes: out, last: last! };
}

describe('planpulse exit codes with the embedded store', () => {
  const dataDir = path.join(tempDir(), 'data');
  const env = embeddedEnv(dataDir);

  it('exits 1 on every run when an import is refused, and changes nothing', async () => {
    const bad = copyFixture('broken');
    editRows(bad, 'actions.csv', (rows) => {
      rows[0]!.status = 'purple';
    });
    const { codes: seen, last } = await codes(8, ['import', bad], env);
    expect(seen).toEqual(Array(8).fill(1));
    expect(last.stderr).toContain('actions.csv:2: status: "purple" is not a BRAG status');
    expect(last.stderr).toContain('Import refused: 1 problem found; nothing was changed.');
    const status = await runCli(['status'], env);
    expect(status.code).toBe(1);
    expect(status.stderr).toContain('No plan has been imported yet');
  });

  it('exits 0 on every run of an import that works, and the plan is there afterwards', async () => {
    const first = await runCli(['import', FIXTURE], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Imported plan plymouth-2023: 76 actions');
    const { codes: seen, last } = await codes(2, ['import', FIXTURE], env);
    expect(seen).toEqual([0, 0]);
    expect(last.stdout).toContain('Plan plymouth-2023 is already up to date');
    const { codes: statusCodes, last: status } = await codes(2, ['status'], env);
    expect(statusCodes).toEqual([0, 0]);
    expect(status.stdout).toContain('plymouth-2023: 76 actions');
  });

  it('exits 1 for a plan or group that does not exist, on every run', async () => {
    const noPlan = await codes(2, ['status', '--plan', 'nowhere'], env);
    expect(noPlan.codes).toEqual([1, 1]);
    expect(noPlan.last.stderr).toContain('There is no plan "nowhere". The plans stored are: plymouth-2023.');
    const out = path.join(tempDir(), 'plan.csv');
    const noExport = await codes(2, ['export', '--plan', 'nowhere', '--format', 'csv', '--out', out], env);
    expect(noExport.codes).toEqual([1, 1]);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('exits 0 listing plans, and 1 archiving or reaching a plan that does not exist', async () => {
    const listed = await runCli(['plans'], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^plymouth-2023\s+plymouth-2023\s+76\s/m);
    const missing = await codes(2, ['plans', 'archive', 'nowhere'], env);
    expect(missing.codes).toEqual([1, 1]);
    expect(missing.last.stderr).toContain('There is no plan "nowhere".');
    const reach = await runCli(['reach', '--plan', 'nowhere'], env);
    expect(reach.code).toBe(1);
  });

  it('exits 2 for bad usage of every command, before touching the store', async () => {
    const runs = await Promise.all([
      runCli(['frobnicate'], env),
      runCli([], env),
      runCli(['import'], env),
      runCli(['import', FIXTURE, '--colour', 'red'], env),
      runCli(['export', '--format', 'pdf', '--out', 'x.pdf'], env),
      runCli(['status', 'extra'], env),
      runCli(['tick', '--now', 'next tuesday'], env),
      runCli(['plans', 'delete', 'plymouth-2023'], env),
      runCli(['plans', 'archive'], env),
      runCli(['reach', 'everyone'], env),
    ]);
    expect(runs.map((r) => r.code)).toEqual([2, 2, 2, 2, 2, 2, 2, 2, 2, 2]);
    expect(runs[0]!.stderr).toContain('Unknown command "frobnicate".');
    expect(runs[6]!.stderr).toContain('--now must be an ISO-8601 instant');
    expect(runs.every((r) => r.stderr.includes('Usage:'))).toBe(true);
  });

  it('exits 0 for help', async () => {
    const help = await runCli(['help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: planpulse <command>');
  });

  it('exits 0 for an export that was written', async () => {
    const out = path.join(tempDir(), 'plan.csv');
    const run = await runCli(['export', '--format', 'csv', '--out', out], env);
    expect(run.code).toBe(0);
    expect(fs.readFileSync(out, 'utf8').split('\n')[0]).toMatch(/^ref,area,group,action,leads,start,due,brag,/);
  });
});

describe('planpulse exit codes when storage cannot be used', () => {
  it('exits 3 when the embedded store cannot start in its data folder', async () => {
    const file = path.join(tempDir(), 'not-a-folder');
    fs.writeFileSync(file, 'x');
    const run = await runCli(['status'], embeddedEnv(file));
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`Table storage (the embedded store in ${file}) did not answer`);
  });

  it('exits 3 when the configured table service does not answer', async () => {
    // A port that was free a moment ago: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = server.address() as net.AddressInfo;
        server.close(() => resolve(p));
      });
    });
    const connectionString =
      `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${AZURITE_KEY};` +
      `TableEndpoint=http://127.0.0.1:${port}/devstoreaccount1;`;
    const run = await runCli(['status'], embeddedEnv(tempDir(), { STORAGE_CONNECTION_STRING: connectionString }));
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`Table storage (Azure Table Storage at http://127.0.0.1:${port}/devstoreaccount1) did not answer`);
    expect(run.stderr).not.toContain(AZURITE_KEY);
  });
});
