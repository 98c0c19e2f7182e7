/**
 * Text Plan Pulse stores comes back exactly as written, whatever its characters and size,
 * through every repository that can hold a long text. Against the embedded Azurite, whose
 * request reader splits bodies into 64 KiB chunks: a multi-byte character cut in two at a
 * chunk boundary would come back as U+FFFD if a request body held it unescaped.
 */
import { TableClient } from '@azure/data-tables';
import type { Action, Escalation, Group, Person, Update } from '../../src/domain/model';
import { DEFAULT_PLAN_SETTINGS } from '../../src/domain/model';
import type { Clock } from '../../src/domain/clock';
import { encodeKey } from '../../src/storage/keys';
import { asciiJson } from '../../src/storage/tableStore';
import { makeTestStore, testConnectionString } from '../support/store';

/** About 200 KiB of UTF-8: curly apostrophes, en dashes and accented letters, with a little ASCII between. */
const PIECE = 'Parent’s view – café é ’–é ';
const LONG = PIECE.repeat(Math.ceil((200 * 1024) / Buffer.byteLength(PIECE)));

/** Action refs as a council might write them, each with curly quotes, a dash and accents. */
const manyRefs = (n: number) => Array.from({ length: n }, (_, i) => `Área ’${i}’ – é${PIECE}`);

const clock: Clock = { now: () => new Date('2024-03-01T09:00:00Z') };

function expectSameBytes(actual: string | undefined, expected: string): void {
  expect(actual).toBeDefined();
  expect(actual!.includes('\ufffd')).toBe(false);
  expect(Buffer.from(actual!, 'utf8').equals(Buffer.from(expected, 'utf8'))).toBe(true);
}

const action = (ref: string, text: string): Action => ({
  planId: 'p1', ref, area: 1, groupId: 'g1', text, leadIds: ['a@x.example'], leadStrings: ['Lead (A)'],
  due: '2024-03-29', importedStatus: 'unrated', brag: 'amber', updateCount: 0, extra: {},
});

describe('long text with multi-byte characters', () => {
  it('is at least 200 KiB of UTF-8, a quarter of its characters of two or three bytes', () => {
    expect(Buffer.byteLength(LONG)).toBeGreaterThanOrEqual(200 * 1024);
    // eslint-disable-next-line no-control-regex -- the ASCII range, control characters included
    expect(LONG.replace(/[\x00-\x7f]/g, '').length).toBeGreaterThan(LONG.length / 4);
  });

  it('comes back byte for byte from the plan, its areas, groups, people and actions', async () => {
    const store = await makeTestStore();
    await store.plans.savePlan({ id: 'p1', name: LONG, settings: DEFAULT_PLAN_SETTINGS, importedAt: clock.now().toISOString(), sourceHash: 'h' });
    expectSameBytes((await store.plans.getPlan('p1'))?.name, LONG);

    await store.plans.replaceAreas('p1', [{ planId: 'p1', number: 1, title: LONG }]);
    expectSameBytes((await store.plans.listAreas('p1'))[0]?.title, LONG);

    const group: Group = { planId: 'p1', id: 'g1', name: LONG, kind: 'taskAndFinish', chairId: 'c@x.example', cadenceDays: 21, nextMeeting: '2024-03-29', extra: {} };
    await store.plans.saveGroup(group);
    expectSameBytes((await store.plans.getGroup('p1', 'g1'))?.value.name, LONG);
    await store.plans.modifyGroup('p1', 'g1', (g) => ({ ...g, name: 'SEND board', extra: { note: LONG } }));
    expectSameBytes((await store.plans.getGroup('p1', 'g1'))?.value.extra.note, LONG);

    const person: Person = { planId: 'p1', id: 'a@x.example', name: LONG, email: 'a@x.example', admin: false, leadStrings: [], extra: {} };
    await store.plans.savePerson(person);
    expectSameBytes((await store.plans.getPerson('p1', 'a@x.example'))?.value.name, LONG);

    await store.plans.saveAction(action('1.1', LONG));
    expectSameBytes((await store.plans.getAction('p1', '1.1'))?.value.text, LONG);
    await store.plans.modifyAction('p1', '1.1', (a) => ({ ...a, text: 'Short', note: LONG }));
    expectSameBytes((await store.plans.getAction('p1', '1.1'))?.value.note, LONG);

    await store.plans.saveActionsBulk('p1', [action('1.2', LONG)], new Map(), []);
    expectSameBytes((await store.plans.getAction('p1', '1.2'))?.value.text, LONG);
  });

  it('comes back byte for byte from a lead’s update', async () => {
    const store = await makeTestStore();
    const update: Update = {
      planId: 'p1', ref: '1.1', id: 'u1', submissionId: 's1', brag: 'amber', narrative: LONG, evidence: [],
      blockers: 'None – yet', escalate: false, authorId: 'a@x.example', at: clock.now().toISOString(),
    };
    await store.updates.append(update);
    const [stored] = await store.updates.history('p1', '1.1');
    expectSameBytes(stored?.narrative, LONG);
    expect(stored?.blockers).toBe('None – yet');
  });

  it('comes back byte for byte from an identity', async () => {
    const store = await makeTestStore();
    await store.identities.merge('a@x.example', { name: LONG, reachable: true });
    expectSameBytes((await store.identities.get('a@x.example'))?.name, LONG);
    await store.identities.merge('a@x.example', { name: 'Zoë', unreachableReason: LONG });
    expectSameBytes((await store.identities.get('a@x.example'))?.unreachableReason, LONG);
  });

  it('comes back byte for byte from a cycle, a daily run’s plan and a board snapshot', async () => {
    const store = await makeTestStore();
    // A big group's cycle: many refs whose names carry multi-byte characters.
    const refs = manyRefs(3400);
    expect(Buffer.byteLength(JSON.stringify(refs))).toBeGreaterThan(200 * 1024);
    const etag = await store.cycles.insert({
      planId: 'p1', groupId: 'g1', groupKind: 'taskAndFinish', meetingDate: '2024-03-29', openDate: '2024-03-22',
      closeDate: '2024-03-29', openedAt: clock.now().toISOString(), state: 'open', stepsDone: [],
      asked: { 'a@x.example': refs }, delegated: {}, away: [],
    });
    const cycle = (await store.cycles.get('p1', 'g1', '2024-03-29'))!;
    expect(cycle.etag).toBe(etag);
    expect(cycle.value.asked['a@x.example']).toEqual(refs);
    // Closed, the row holds the outcome by ref as well (fewer refs, to stay within a row's 1 MiB).
    const answered = refs.slice(0, 1000);
    await store.cycles.replace({ ...cycle.value, state: 'closed', outcome: Object.fromEntries(answered.map((r) => [r, { answered: true, brag: 'green' as const }])) }, cycle.etag);
    expect(Object.keys((await store.cycles.get('p1', 'g1', '2024-03-29'))!.value.outcome!)).toEqual(answered);

    const snapshotRefs = manyRefs(2600);
    const actions = Object.fromEntries(snapshotRefs.map((r) => [r, { brag: 'red' as const, answered: false, due: '2024-03-29' }]));
    expect(Buffer.byteLength(JSON.stringify(actions))).toBeGreaterThan(200 * 1024);
    await store.snapshots.save({ planId: 'p1', groupId: 'g1', meetingDate: '2024-03-29', takenAt: clock.now().toISOString(), actions });
    expect((await store.snapshots.get('p1', 'g1', '2024-03-29'))!.actions).toEqual(actions);
  });

  it('comes back byte for byte from an outbox card through every change of its state', async () => {
    const store = await makeTestStore();
    const card = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: LONG, wrap: true }] };
    await store.outbox.enqueue('p1', [{
      key: 'k1', kind: 'digest', recipientId: 'c@x.example',
      activity: { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] },
      params: { title: 'Digest – café' },
    }], clock);
    const [due] = await store.outbox.listDue('p1', new Date('2024-03-02T00:00:00Z'));
    expect(due).toBeDefined();
    expect(due!.value.params).toEqual({ title: 'Digest – café' });
    expect(due!.value.activity).toEqual({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] });
    const claimed = await store.outbox.claim(due!, 'drain-1', new Date('2024-03-01T09:05:00Z'));
    await store.outbox.finish(claimed, 'dead', clock.now(), { status: 400, message: 'Card refused – too long’' });
    const record = (await store.outbox.get('p1', 'k1'))!.value;
    expect(record.lastError?.message).toBe('Card refused – too long’');
    expectSameBytes((record.activity.attachments![0]!.content as typeof card).body[0]!.text, LONG);
  });

  it('comes back byte for byte from an escalation and its resolution note', async () => {
    const store = await makeTestStore();
    const escalation: Escalation = {
      planId: 'p1', id: 'e1', ref: '1.1', groupId: 'g1', level: 'chair', targetGroupId: 'g1', cause: 'leadRequest',
      reason: LONG, raisedAt: clock.now().toISOString(), raisedBy: 'a@x.example', state: 'open',
    };
    await store.escalations.insert(escalation);
    expectSameBytes((await store.escalations.get('p1', 'e1'))?.value.reason, LONG);
    await store.escalations.insert({ ...escalation, id: 'e2', reason: 'Red – twice' });
    await store.escalations.setState('p1', 'e2', { state: 'resolved', by: 'c@x.example', at: clock.now(), note: LONG });
    expectSameBytes((await store.escalations.get('p1', 'e2'))?.value.resolutionNote, LONG);
  });

  it('comes back byte for byte from the scheduler lease', async () => {
    const store = await makeTestStore();
    const holder = `host ’é– ${LONG}`;
    await store.leases.acquire('scheduler', holder, 60_000, clock);
    expectSameBytes((await store.leases.current('scheduler'))?.holder, holder);
  });

  it('comes back byte for byte from a captured mail', async () => {
    const store = await makeTestStore();
    const html = `<p>${LONG}</p>`;
    const mail = await store.capturedMail.add({
      messageId: '<m1@planpulse.example>', from: 'Plan Pulse <planpulse@council.example>', to: 'Zoë <zoe@nhs.example>',
      subject: 'Your update – action 2.4', text: 'See the page – café', html, at: clock.now().toISOString(),
    });
    const stored = await store.capturedMail.get(mail.id);
    expectSameBytes(stored?.html, html);
    expect(stored?.to).toBe('Zoë <zoe@nhs.example>');
    expect(stored?.subject).toBe('Your update – action 2.4');
  });

  it('comes back byte for byte from a response link naming many refs', async () => {
    const store = await makeTestStore();
    const refs = manyRefs(3400);
    await store.responseLinks.record({
      hash: 'h1', planId: 'p1', personId: 'zoe@nhs.example', kind: 'cycle', groupId: 'g1', meetingDate: '2024-03-29',
      refs, issuedAt: clock.now().toISOString(), expiresAt: '2024-03-29T17:00:00.000Z', messageKey: 'k1',
    });
    expect((await store.responseLinks.get('h1'))?.refs).toEqual(refs);
    expect(Buffer.byteLength(JSON.stringify(refs))).toBeGreaterThan(200 * 1024);
  });

  it('sends only ASCII to the table service, so no request body has a character to split', async () => {
    const store = await makeTestStore();
    await store.plans.saveAction(action('1.1', LONG));
    const entity = await rawRow(`${store.tables.prefix}Actions`, encodeKey('1.1'));
    const stored = Object.entries(entity).filter(([k]) => /^v\d+$/.test(k)).map(([, v]) => String(v)).join('');
    // eslint-disable-next-line no-control-regex -- the ASCII range, control characters included
    expect(/^[\x00-\x7f]*$/.test(stored)).toBe(true);
    expect(JSON.parse(stored).text).toBe(LONG);
    expect(asciiJson({ s: 'a’😀\ud800' })).toBe('{"s":"a\\u2019\\ud83d\\ude00\\ud800"}');
  });

  it('still reads rows written before text was escaped', async () => {
    const store = await makeTestStore();
    const old = action('2.1', 'Parent’s view – café');
    await store.plans.saveAction(old);
    const entity = await rawRow(`${store.tables.prefix}Actions`, encodeKey('2.1'));
    // As rows were written before: the JSON as it is, unescaped, in one property.
    await rawClient(`${store.tables.prefix}Actions`).upsertEntity(
      { partitionKey: entity.partitionKey as string, rowKey: entity.rowKey as string, chunks: 1, v0: JSON.stringify(old) },
      'Replace',
    );
    expect((await rawRow(`${store.tables.prefix}Actions`, encodeKey('2.1'))).v0).toContain('Parent’s view – café');
    expect((await store.plans.getAction('p1', '2.1'))?.value.text).toBe('Parent’s view – café');
  });
});

function rawClient(table: string): TableClient {
  return TableClient.fromConnectionString(testConnectionString(), table, { allowInsecureConnection: true });
}

/** The one entity of a table with this row key, as the table service holds it. */
async function rawRow(table: string, rowKey: string): Promise<Record<string, unknown>> {
  const rows: Record<string, unknown>[] = [];
  for await (const e of rawClient(table).listEntities<Record<string, unknown>>({ queryOptions: { filter: `RowKey eq '${rowKey}'` } })) rows.push(e);
  expect(rows).toHaveLength(1);
  return rows[0]!;
}
