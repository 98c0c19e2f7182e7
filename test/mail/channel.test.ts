/** Who is reached how: people.csv's channel column, the rules for a blank one, and SMTP's verdicts. */
import { fixedClock } from '../../src/domain/clock';
import type { Person } from '../../src/domain/model';
import { importPlan } from '../../src/import/importPlan';
import { toMailSendError } from '../../src/mail/smtpTransport';
import { classifyMailError, SendError } from '../../src/outbox/transport';
import { deliveryFor } from '../../src/scheduler/channels';
import { copyFixture, editRows } from '../import/helpers';
import { makeTestStore } from '../support/store';

const person = (change: Partial<Person> = {}): Person => ({
  planId: 'p',
  id: 'lead@nhs.example',
  name: 'Lead',
  email: 'Lead@nhs.example',
  admin: false,
  leadStrings: ['Lead'],
  extra: {},
  ...change,
});

describe('the channel column of people.csv', () => {
  it('imports teams, email or blank for each person', async () => {
    const dir = copyFixture();
    editRows(
      dir,
      'people.csv',
      (rows) => rows.map((r, i) => ({ ...r, channel: i === 0 ? 'Email' : i === 1 ? 'teams' : '' })),
      (columns) => [...columns, 'channel'],
    );
    const store = await makeTestStore();
    const result = await importPlan(store, dir, { timeZone: 'Europe/London', planId: 'plymouth-2023', clock: fixedClock('2023-09-01T08:00:00Z') });
    expect(result.ok).toBe(true);
    const people = await store.plans.listPeople('plymouth-2023');
    expect(people.find((p) => p.email === 'tl@plymouth.example')?.channel).toBe('email');
    expect(people.find((p) => p.email === 'dh@plymouth.example')?.channel).toBe('teams');
    expect(people.filter((p) => p.channel === undefined).length).toBe(people.length - 2);
  });

  it('refuses a channel that is neither teams nor email, saying where', async () => {
    const dir = copyFixture();
    editRows(dir, 'people.csv', (rows) => rows.map((r, i) => ({ ...r, channel: i === 2 ? 'fax' : '' })), (columns) => [...columns, 'channel']);
    const store = await makeTestStore();
    const result = await importPlan(store, dir, { timeZone: 'Europe/London', planId: 'plymouth-2023', clock: fixedClock('2023-09-01T08:00:00Z') });
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).toMatch(/people\.csv:4: channel: \\"fax\\" is not teams, email or blank/);
  });
});

describe('choosing Teams or email', () => {
  const email = { channel: 'email', address: 'Lead@nhs.example' };
  it('uses Teams for everyone when no mail can be sent', () => {
    expect(deliveryFor(person({ channel: 'email' }), undefined, false)).toEqual({ channel: 'teams' });
  });
  it('follows people.csv when it names a channel', () => {
    expect(deliveryFor(person({ channel: 'email' }), { reachable: true, conversation: {} }, true)).toEqual(email);
    expect(deliveryFor(person({ channel: 'teams' }), undefined, true)).toEqual({ channel: 'teams' });
  });
  it('uses Teams where the person can be reached there, else email', () => {
    expect(deliveryFor(person(), { reachable: true, conversation: {} }, true)).toEqual({ channel: 'teams' });
    expect(deliveryFor(person({ aadObjectId: 'a' }), undefined, true)).toEqual({ channel: 'teams' });
    expect(deliveryFor(person(), { reachable: false, conversation: {} }, true)).toEqual(email);
    expect(deliveryFor(person(), undefined, true)).toEqual(email);
  });
  it('does not email an address that bounced', () => {
    expect(deliveryFor(person(), { reachable: false, emailUnreachable: '550' }, true)).toEqual({ channel: 'teams' });
  });
});

describe('what an SMTP failure means', () => {
  const verdict = (err: object) => classifyMailError(toMailSendError(err));
  it('retries a transient (4xx) reply and a connection that never answered', () => {
    expect(verdict({ responseCode: 451, command: 'DATA' })).toBe('retry');
    expect(verdict({ responseCode: 421, command: 'CONN' })).toBe('retry');
    expect(verdict({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' })).toBe('retry');
  });
  it('treats a refused recipient as a bounce', () => {
    expect(verdict({ responseCode: 550, command: 'RCPT TO' })).toBe('unreachable');
  });
  it('gives up on other permanent replies', () => {
    expect(verdict({ responseCode: 535, command: 'AUTH PLAIN' })).toBe('permanent');
    expect(verdict({ responseCode: 554, command: 'DATA' })).toBe('permanent');
    expect(classifyMailError(new SendError('x', 552, 'DATA'))).toBe('permanent');
  });
});
