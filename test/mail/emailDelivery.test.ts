/**
 * Leads outside Teams get their prompts by email, through the outbox, to a real SMTP server:
 * the Plymouth plan with nobody reachable in Teams but one person, mail sent by nodemailer to
 * smtp-server in this process, parsed back with mailparser.
 */
import { fixedClock } from '../../src/domain/clock';
import { setUpMail, type MailSetup } from '../../src/mail/delivery';
import { messageIdOf } from '../../src/outbox/sender';
import { RESPONSE_LINK_PLACEHOLDER } from '../../src/outbox/transport';
import { hashToken } from '../../src/respond/links';
import { conversationRef, delivered, PLAN_ID, startHarness, type Harness } from '../scheduler/harness';
import { startSmtp, type SmtpStandIn } from '../support/smtp';

const BUSY_DAY = '2023-10-09T08:00:00Z';
const SECRET = 'a-test-secret-that-is-long-enough-to-sign-links-0123456789';
const PUBLIC = 'https://planpulse.example.gov.uk';

function mailConfig(smtp: SmtpStandIn) {
  return {
    SMTP_URL: smtp.url,
    MAIL_FROM: 'Plan Pulse <planpulse@plymouth.example>',
    PLANPULSE_PUBLIC_URL: PUBLIC,
    PLANPULSE_LINK_SECRET: SECRET,
    PORT: 3978,
    PLANPULSE_DATA_DIR: '.data-unused',
    STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
    STORAGE_TABLE_ENDPOINT: undefined,
  };
}

const linkIn = (text: string) => new RegExp(`${PUBLIC}/respond/([A-Za-z0-9_.-]+)`).exec(text)?.[1];
const keyOf = (messageId: string) => Buffer.from(/^<([^@]+)@/.exec(messageId)![1]!, 'base64url').toString();

/**
 * For the tests of one describe block: a harness whose people Teams cannot reach yet, a fresh
 * SMTP server, and mail set up to send to it; opened before the block's tests, closed after.
 */
function mailRig(): { h: Harness; smtp: SmtpStandIn; mail: MailSetup } {
  const rig = {} as { h: Harness; smtp: SmtpStandIn; mail: MailSetup };
  beforeAll(async () => {
    rig.h = await startHarness({ connectPeople: false });
    rig.smtp = await startSmtp();
    rig.mail = setUpMail(mailConfig(rig.smtp), rig.h.store, fixedClock(BUSY_DAY));
  });
  afterAll(async () => {
    rig.mail.close();
    await rig.smtp.close();
    await rig.h.close();
  });
  return rig;
}

describe('email for leads outside Teams', () => {
  const rig = mailRig();
  const teamsPerson = 'dh@plymouth.example';
  const GIVEN_NAME = 'Morwenna';
  let named = new Set<string>();

  beforeAll(async () => {
    // Every other lead has a given name on record (from Teams or the directory); the rest have none.
    const leads = rig.h.people.filter((p) => p.leadStrings.length > 0 && p.id !== teamsPerson);
    named = new Set(leads.filter((_, i) => i % 2 === 0).map((p) => p.id));
    for (const id of named) await rig.h.store.identities.merge(id, { givenName: GIVEN_NAME });
  });

  it('emails each lead Teams cannot reach, Teams the one it can, and a channel=email lead by email even with a chat', async () => {
    // One person talks to the bot in Teams; another has a chat too but people.csv says email.
    const emailOnly = rig.h.people.find((p) => p.id !== teamsPerson && p.leadStrings.length > 0)!;
    await rig.h.store.identities.merge(teamsPerson, { conversation: conversationRef(rig.h.connector.serviceUrl, teamsPerson), reachable: true });
    await rig.h.store.identities.merge(emailOnly.id, { conversation: conversationRef(rig.h.connector.serviceUrl, emailOnly.id), reachable: true });
    await rig.h.store.plans.modifyPerson(PLAN_ID, emailOnly.id, (p) => ({ ...p, channel: 'email' }));

    const summary = await rig.h.tick(BUSY_DAY, { mail: rig.mail.delivery });

    expect(summary.prompts).toBeGreaterThan(2);
    expect(summary.failed).toBe(0);
    const teamsSends = delivered(rig.h.connector);
    const mailed = rig.smtp.received.map((m) => m.envelopeTo[0]);
    expect(teamsSends.length + rig.smtp.received.length).toBe(summary.sent);
    expect(new Set(rig.smtp.received.map((m) => m.parsed.messageId)).size).toBe(mailed.length);
    expect(mailed).not.toContain(teamsPerson);
    expect(teamsSends.every((s) => s.conversationId === `a:${teamsPerson}`)).toBe(true);
    if (summary.prompts > rig.smtp.received.length) expect(teamsSends.length).toBeGreaterThan(0);
    const forced = rig.smtp.received.filter((m) => m.envelopeTo[0] === emailOnly.id);
    // The channel=email lead is asked in at least one cycle today, and only by mail.
    const promptedEmailOnly = (await rig.h.store.outbox.listMessages(PLAN_ID)).filter((m) => m.recipientId === emailOnly.id);
    expect(forced.length).toBe(promptedEmailOnly.length);
  });

  it('greets each lead by the given name known for them, and with a plain hello where none is', () => {
    const theirs = rig.smtp.received.filter((m) => named.has(m.envelopeTo[0]!));
    const others = rig.smtp.received.filter((m) => !named.has(m.envelopeTo[0]!));
    expect(theirs.length).toBeGreaterThan(0);
    expect(others.length).toBeGreaterThan(0);
    for (const m of theirs) {
      expect(m.parsed.text!.split('\n')).toContain(`Hello ${GIVEN_NAME}.`);
      expect(String(m.parsed.html)).toContain(`>Hello ${GIVEN_NAME}.</p>`);
    }
    for (const m of others) {
      expect(m.parsed.text!.split('\n')).toContain('Hello.');
      expect(m.parsed.text).not.toContain(GIVEN_NAME);
    }
  });

  it('says in the subject what is asked and by when, with UK dates, in both HTML and plain text', () => {
    const date = '\\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) 20\\d\\d';
    // One cycle's prompt names the group; a mail that also chases overdue actions says what it holds.
    const single = new RegExp(`^Update needed by ${date}: (your action|\\d+ actions) for .+`);
    const combined = new RegExp(`^Update needed by ${date}: \\d+ actions? to update$`);
    for (const m of rig.smtp.received) expect(m.parsed.subject).toMatch(new RegExp(`${single.source}|${combined.source}`));
    expect(rig.smtp.received.some((m) => single.test(m.parsed.subject ?? ''))).toBe(true);
    const first = rig.smtp.received[0]!;
    expect(first.parsed.text).toContain('Give your update:');
    expect(first.parsed.html).toContain('lang="en-GB"');
    expect(first.parsed.from?.value[0]).toMatchObject({ name: 'Plan Pulse', address: 'planpulse@plymouth.example' });
    expect(first.parsed.headers.get('auto-submitted')).toBe('auto-generated');
  });

  it('carries the outbox key as the Message-ID and a signed link naming that person, while the outbox keeps no usable link', async () => {
    for (const m of rig.smtp.received) {
      const key = keyOf(m.parsed.messageId!);
      expect(m.parsed.messageId).toBe(messageIdOf(key, 'planpulse.example.gov.uk'));
      const token = linkIn(m.parsed.text!);
      expect(token).toBeDefined();
      expect(linkIn(String(m.parsed.html))).toBe(token);
      const checked = await rig.mail.links!.check(token!, new Date(BUSY_DAY));
      expect(checked).toMatchObject({ ok: true, link: { personId: m.envelopeTo[0], planId: PLAN_ID } });
      // One cycle's prompt links to that cycle; a mail that also chases overdue actions links to the actions it lists.
      const queuedParams = (await rig.h.store.outbox.get(PLAN_ID, key))!.value.params as { sections: Array<{ kind: string }> };
      const kind = queuedParams.sections.length === 1 && queuedParams.sections[0]!.kind !== 'overdue' ? 'cycle' : 'chase';
      expect(checked).toMatchObject({ link: { kind } });

      const queued = (await rig.h.store.outbox.get(PLAN_ID, key))!.value;
      expect(queued.status).toBe('sent');
      expect(queued.mail!.html).toContain(RESPONSE_LINK_PLACEHOLDER);
      expect(JSON.stringify(queued)).not.toContain(token);
      // The links table holds the token's hash, not the token.
      expect(JSON.stringify(await rig.h.store.responseLinks.get(hashToken(token!)))).not.toContain(token);
    }
  });

  it('sends nothing again on the next tick', async () => {
    const before = rig.smtp.received.length;
    const again = await rig.h.tick('2023-10-09T08:05:00Z', { mail: rig.mail.delivery });
    expect(again.sent).toBe(0);
    expect(rig.smtp.received.length).toBe(before);
  });
});

describe('when the relay defers, refuses or bounces', () => {
  const rig = mailRig();

  it('retries a 4xx until delivered, dead-letters a 5xx, and marks a bounced address unreachable', async () => {
    rig.smtp.bounceNextRecipient = true;
    rig.smtp.deferNext = 2;
    rig.smtp.refuseNext = 1;

    const summary = await rig.h.tick(BUSY_DAY, { mail: rig.mail.delivery });

    expect(summary.retried).toBeGreaterThanOrEqual(2);
    const rows = await rig.h.store.outbox.listMessages(PLAN_ID);
    const statuses = rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
    expect(statuses.dead).toBe(1);
    const bounced = [...rig.smtp.bounce][0]!;
    const toBounced = rows.filter((r) => r.recipientId === bounced);
    expect(toBounced.length).toBeGreaterThan(0);
    expect(toBounced.every((r) => r.status === 'unreachable')).toBe(true);
    expect((await rig.h.store.identities.get(bounced))?.emailUnreachable).toMatch(/550/);
    expect(rig.smtp.received.map((m) => m.envelopeTo[0])).not.toContain(bounced);
    // Every other message arrived exactly once.
    expect(rig.smtp.received.length).toBe(statuses.sent);
    expect(new Set(rig.smtp.received.map((m) => m.parsed.messageId)).size).toBe(rig.smtp.received.length);
  });
});
