/**
 * A bounce that comes back later as mail (a delivery status notification, RFC 3464: here the
 * format Postfix sends) marks the address unreachable by email with `planpulse bounce FILE`,
 * as a refusal at sending does: nothing more is emailed to it. A delay warning changes nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as bounce from '../../src/cli/commands/bounce';
import { drainOutbox } from '../../src/outbox/sender';
import { deliveryFor } from '../../src/scheduler/channels';
import type { Transport } from '../../src/outbox/transport';
import { PLAN_ID, startRespondRig, type RespondRig } from '../respond/support';
import { inProcessCli } from '../support/cliContext';

let rig: RespondRig;
let dir: string;
beforeAll(async () => {
  rig = await startRespondRig();
  await rig.tick('2023-10-09T08:00:00Z');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'planpulse-bounce-'));
}, 60_000);
afterAll(async () => {
  await rig?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const cli = () => inProcessCli(rig.store, rig.clock);

/** A saved sample with the recipient and the original message's headers of a mail the SMTP server received. */
function sample(name: string, mail: (typeof rig.smtp.received)[number]): string {
  const text = fs
    .readFileSync(path.join(__dirname, 'dsn', name), 'utf8')
    .split('{{RECIPIENT}}')
    .join(mail.envelopeTo[0]!)
    .split('{{SUBJECT}}')
    .join(mail.parsed.subject ?? '')
    .split('{{MESSAGE_ID}}')
    .join(mail.parsed.messageId ?? '');
  const file = path.join(dir, `${mail.envelopeTo[0]}-${name}`);
  fs.writeFileSync(file, text);
  return file;
}

const neverTeams: Transport = {
  send: async () => {
    throw new Error('not sent to Teams in this test');
  },
  update: async () => undefined,
  createPersonalConversation: async () => {
    throw new Error('not sent to Teams in this test');
  },
};

it('marks an address a later bounce says is unknown unreachable by email, and emails it no more', async () => {
  const mail = rig.smtp.received[0]!;
  const address = mail.envelopeTo[0]!;
  const run = cli();
  expect(await bounce.run([sample('postfix-user-unknown.eml', mail)], run.ctx)).toBe(0);
  expect(run.out()).toContain(`${address}: failed 5.1.1`);
  expect(run.out()).toContain('User unknown in virtual mailbox table');
  expect(run.out()).toContain(`marked unreachable by email in ${PLAN_ID}`);
  expect(run.out()).toMatch(/it answers the message \S+~/);

  const identity = await rig.store.identities.get(address);
  expect(identity?.emailUnreachable).toContain('5.1.1');
  const person = await rig.store.plans.getPerson(PLAN_ID, address);
  // The next step chooses Teams for them, and a mail already queued is not sent.
  expect(deliveryFor(person!.value, identity, true)).toEqual({ channel: 'teams' });
  await rig.store.outbox.enqueue(
    PLAN_ID,
    [{ key: 'bounce-test~1', kind: 'test', recipientId: address, activity: { type: 'message' }, mail: { to: address, subject: 'After the bounce', text: 'x', html: '<p>x</p>' } }],
    rig.clock,
  );
  const before = rig.smtp.received.length;
  const drained = await drainOutbox({ store: rig.store, transport: neverTeams, clock: rig.clock, planId: PLAN_ID, options: { ratePerSecond: 50, keys: ['bounce-test~1'], mail: rig.running.mail.delivery } });
  expect(drained).toMatchObject({ sent: 0, unreachable: 1 });
  expect(rig.smtp.received.length).toBe(before);
});

it('changes nothing for a delay warning', async () => {
  const mail = rig.smtp.received[1]!;
  const address = mail.envelopeTo[0]!;
  const run = cli();
  expect(await bounce.run([sample('postfix-delayed.eml', mail)], run.ctx)).toBe(0);
  expect(run.out()).toContain(`${address}: delayed 4.4.1`);
  expect(run.out()).toContain('not a permanent failure; nothing was changed');
  expect((await rig.store.identities.get(address))?.emailUnreachable).toBeUndefined();
});

it('refuses a message that is not a delivery status notification, naming the file', async () => {
  const file = path.join(dir, 'not-a-bounce.eml');
  fs.writeFileSync(file, 'From: someone@example.org\r\nTo: planpulse@council.example\r\nSubject: Out of office\r\n\r\nI am away until Monday.\r\n');
  const run = cli();
  expect(await bounce.run([file], run.ctx)).toBe(1);
  expect(run.err()).toContain(`${file}: This is not a delivery status notification (RFC 3464)`);
  expect(run.err()).toContain('Nothing was changed.');
});
