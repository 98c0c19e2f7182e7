import { fixedClock } from '../../src/domain/clock';
import { importPlan, groupIdOf } from '../../src/import';
import { makeTestStore } from '../support/store';
import { copyFixture, editFile, FIXTURE, snapshot } from './helpers';
import { bucketOf } from '../../src/storage/planRepository';

const clock = fixedClock('2023-10-02T09:00:00Z');

describe('importing the Plymouth plan', () => {
  it('imports 76 actions, 9 groups and 23 people holding 43 lead strings', async () => {
    const store = await makeTestStore();
    const result = await importPlan(store, FIXTURE, { timeZone: 'Europe/London', clock });
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.summary.planId).toBe('plymouth-2023');
    expect(result.summary.counts).toEqual({ actions: 76, groups: 9, people: 23, leadStrings: 43, areas: 9 });
    const actions = await store.plans.listActions('plymouth-2023');
    const people = await store.plans.listPeople('plymouth-2023');
    const groups = await store.plans.listGroups('plymouth-2023');
    expect(actions).toHaveLength(76);
    expect(groups).toHaveLength(9);
    expect(people).toHaveLength(23);
    expect(people.reduce((n, p) => n + p.leadStrings.length, 0)).toBe(43);
    expect(await store.plans.listAreas('plymouth-2023')).toHaveLength(9);
    expect((await store.plans.getPlan('plymouth-2023'))?.sourceHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('treats the many spellings of one email as one person', async () => {
    const store = await makeTestStore();
    await importPlan(store, FIXTURE, { timeZone: 'Europe/London', clock });
    const hp = (await store.plans.getPerson('plymouth-2023', 'hp@plymouth.example'))!.value;
    expect(hp.leadStrings.length).toBeGreaterThanOrEqual(8);
    const led = await store.plans.listActionsOfLead('plymouth-2023', 'hp@plymouth.example');
    expect(led.map((a) => a.ref)).toEqual(expect.arrayContaining(['1.2', '4.1', '7.1', '9.4']));
    const ap = (await store.plans.getPerson('plymouth-2023', 'ap@plymouth.example'))!.value;
    expect(ap.admin).toBe(true);
  });

  it('reads a due month as its last working day (skipping weekends and bank holidays) and a start month as its first day', async () => {
    const store = await makeTestStore();
    await importPlan(store, FIXTURE, { timeZone: 'Europe/London', clock });
    const get = async (ref: string) => (await store.plans.getAction('plymouth-2023', ref))!.value;
    // December 2023 ends on a Sunday; the 25th and 26th are bank holidays, so the 29th.
    expect((await get('1.1')).due).toBe('2023-12-29');
    // March 2024: the 29th is Good Friday and the 31st a Sunday.
    expect((await get('4.3')).due).toBe('2024-03-28');
    // Started in August 2023: under way from the 1st, so August's meetings ask about it.
    expect((await get('1.1')).start).toBe('2023-08-01');
    expect((await get('7.5')).due).toBeUndefined();
    expect((await get('7.5')).brag).toBe('green');
  });

  it('binds groups by slug and keeps the escalation chain', async () => {
    const store = await makeTestStore();
    await importPlan(store, FIXTURE, { timeZone: 'Europe/London', clock });
    const hwl = (await store.plans.getGroup('plymouth-2023', 'health-wait-lists'))!.value;
    expect(hwl.escalatesTo).toBe(groupIdOf('SEND Strategic Delivery Group (SSDG)'));
    expect(hwl.chairId).toBe('hp@plymouth.example');
    expect(hwl.cadenceDays).toBe(21);
    const board = (await store.plans.getGroup('plymouth-2023', 'local-area-send-improvement-board'))!.value;
    expect(board.kind).toBe('board');
    expect(board.escalatesTo).toBeUndefined();
    expect(board.chairId).toBe('improvement.board.chair@plymouth.example');
    const refs = (await store.plans.listActionsOfGroup('plymouth-2023', 'health-wait-lists')).map((a) => a.ref);
    expect(refs).toContain('4.1');
    expect(refs).toContain('7.15');
  });

  it('takes the plan id from --plan when given', async () => {
    const store = await makeTestStore();
    const result = await importPlan(store, FIXTURE, { timeZone: 'Europe/London', clock, planId: 'demo' });
    expect(result.ok).toBe(true);
    expect(await store.plans.listActions('demo')).toHaveLength(76);
    expect(await store.plans.listActions('plymouth-2023')).toHaveLength(0);
  });

  it('writes nothing on a dry run but reports what it would do', async () => {
    const store = await makeTestStore();
    const before = await snapshot(store);
    const result = await importPlan(store, FIXTURE, { timeZone: 'Europe/London', clock, dryRun: true });
    expect(result.ok && result.summary.actions.created).toBe(76);
    expect(await snapshot(store)).toEqual(before);
  });
});

describe('re-importing', () => {
  it('changes no row when the same input is imported again', async () => {
    const store = await makeTestStore();
    await importPlan(store, FIXTURE, { timeZone: 'Europe/London', clock });
    const before = await snapshot(store);
    expect(before.size).toBeGreaterThan(76);
    const again = await importPlan(store, FIXTURE, { timeZone: 'Europe/London', clock: fixedClock('2023-10-09T09:00:00Z') });
    expect(again.ok && again.summary.unchanged).toBe(true);
    expect(await snapshot(store)).toEqual(before);
  });

  it('updates a changed action, keeps its history and live state, and touches no other action', async () => {
    const store = await makeTestStore();
    const dir = copyFixture();
    await importPlan(store, dir, { timeZone: 'Europe/London', clock });
    await store.updates.append({
      planId: 'plymouth-2023',
      ref: '2.4',
      id: 'u1',
      submissionId: 's1',
      brag: 'amber',
      narrative: 'Waiting for ICB sign-off',
      evidence: ['minutes'],
      escalate: false,
      authorId: 'dh@plymouth.example',
      at: '2023-10-05T10:00:00.000Z',
    });
    await store.plans.modifyAction('plymouth-2023', '2.4', (a) => ({
      ...a,
      brag: 'amber',
      lastUpdateAt: '2023-10-05T10:00:00.000Z',
      lastUpdateBy: 'dh@plymouth.example',
      updateCount: 1,
    }));
    const before = await snapshot(store);
    editFile(dir, 'actions.csv', (t) =>
      t.replace('Leaders across the Local Area will further develop phase and transition', 'REVISED: Leaders across the Local Area will further develop phase and transition'),
    );
    const result = await importPlan(store, dir, { timeZone: 'Europe/London', clock });
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.summary.actions).toEqual({ created: 0, updated: 1, removed: 0, unchanged: 75 });
    const action = (await store.plans.getAction('plymouth-2023', '2.4'))!.value;
    expect(action.text.startsWith('REVISED: ')).toBe(true);
    expect(action.brag).toBe('amber');
    expect(action.updateCount).toBe(1);
    expect(action.lastUpdateBy).toBe('dh@plymouth.example');
    const history = await store.updates.history('plymouth-2023', '2.4');
    expect(history.map((u) => u.narrative)).toEqual(['Waiting for ICB sign-off']);
    const after = await snapshot(store);
    const changed = [...after].filter(([k, etag]) => before.get(k) !== etag).map(([k]) => k);
    expect(changed.sort()).toEqual([`Actions/plymouth-2023~a~${bucketOf('2.4')}/2.4`, 'Plans/plan/plymouth-2023']);
  });

  it('archives actions dropped from the file (with --allow-removals), keeping their history', async () => {
    const store = await makeTestStore();
    const dir = copyFixture();
    await importPlan(store, dir, { timeZone: 'Europe/London', clock });
    await store.updates.append({
      planId: 'plymouth-2023', ref: '9.5', id: 'u9', submissionId: 's9', brag: 'red', narrative: 'Stalled',
      evidence: [], escalate: true, authorId: 'ag@plymouth.example', at: '2023-10-05T10:00:00.000Z',
    });
    editFile(dir, 'actions.csv', (t) => t.slice(0, t.indexOf('\n9.5,')) + '\n');
    const result = await importPlan(store, dir, { timeZone: 'Europe/London', clock, allowRemovals: true });
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.summary.actions.removed).toBe(1);
    expect(await store.plans.getAction('plymouth-2023', '9.5')).toBeUndefined();
    expect(await store.plans.listActions('plymouth-2023')).toHaveLength(75);
    expect((await store.plans.listActionsOfLead('plymouth-2023', 'ag@plymouth.example')).map((a) => a.ref)).not.toContain('9.5');
    expect(await store.updates.history('plymouth-2023', '9.5')).toHaveLength(1);
    expect((await store.plans.listArchivedActions('plymouth-2023')).map((a) => a.ref)).toEqual(['9.5']);
  });

  it('replaces the live BRAG only when the imported status itself changed', async () => {
    const store = await makeTestStore();
    const dir = copyFixture();
    await importPlan(store, dir, { timeZone: 'Europe/London', clock });
    await store.plans.modifyAction('plymouth-2023', '1.1', (a) => ({ ...a, brag: 'red' }));
    await store.plans.modifyAction('plymouth-2023', '1.2', (a) => ({ ...a, brag: 'red' }));
    // Give 1.1 a status of green in the file; leave 1.2's status alone but change its due month.
    editFile(dir, 'actions.csv', (t) =>
      t.split('\n').map((line) => {
        if (line.startsWith('1.1,')) return line.replace(/,,$/, ',green,');
        if (line.startsWith('1.2,')) return line.replace(',2023-08,2023-12,', ',2023-08,2024-01,');
        return line;
      }).join('\n'),
    );
    const result = await importPlan(store, dir, { timeZone: 'Europe/London', clock });
    if (!result.ok) throw new Error(result.problems.join('\n'));
    const a11 = (await store.plans.getAction('plymouth-2023', '1.1'))!.value;
    const a12 = (await store.plans.getAction('plymouth-2023', '1.2'))!.value;
    expect(a11.brag).toBe('green');
    expect(a12.brag).toBe('red');
    expect(a12.due).toBe('2024-01-31');
    expect(a12.originalDue).toBe('2023-12-29');
  });

  it('keeps a bound channel and AAD id across a re-import of people and groups', async () => {
    const store = await makeTestStore();
    const dir = copyFixture();
    await importPlan(store, dir, { timeZone: 'Europe/London', clock });
    await store.plans.modifyGroup('plymouth-2023', 'inclusion', (g) => ({
      ...g,
      channel: { serviceUrl: 'https://smba.example/', conversation: { id: '19:abc@thread.tacv2' }, channelId: 'msteams' },
      channelLinkedBy: 'ap@plymouth.example',
    }));
    await store.plans.modifyPerson('plymouth-2023', 'jb@plymouth.example', (p) => ({ ...p, aadObjectId: 'aad-jb' }));
    editFile(dir, 'groups.csv', (t) => t.replace('Inclusion,taskAndFinish,Head of Education (JB),21,', 'Inclusion,taskAndFinish,Head of Education (JB),42,'));
    editFile(dir, 'people.csv', (t) => t.replace('Head of Education (JB),Head of Education (JB),', 'Head of Education (JB),Jo Bloggs,'));
    const result = await importPlan(store, dir, { timeZone: 'Europe/London', clock });
    if (!result.ok) throw new Error(result.problems.join('\n'));
    const group = (await store.plans.getGroup('plymouth-2023', 'inclusion'))!.value;
    expect(group.cadenceDays).toBe(42);
    expect(group.channel?.conversation.id).toBe('19:abc@thread.tacv2');
    const jb = (await store.plans.getPerson('plymouth-2023', 'jb@plymouth.example'))!.value;
    expect(jb.name).toBe('Jo Bloggs');
    expect(jb.aadObjectId).toBe('aad-jb');
  });

  it('keeps a next meeting the scheduler rolled forward once the file date has passed', async () => {
    const store = await makeTestStore();
    const dir = copyFixture();
    await importPlan(store, dir, { timeZone: 'Europe/London', clock });
    await store.plans.modifyGroup('plymouth-2023', 'inclusion', (g) => ({ ...g, nextMeeting: '2023-10-26' }));
    editFile(dir, 'people.csv', (t) => t.replace('DMO,DMO,', 'DMO,Designated Medical Officer,'));
    const later = fixedClock('2023-10-20T09:00:00Z');
    const result = await importPlan(store, dir, { timeZone: 'Europe/London', clock: later });
    expect(result.ok).toBe(true);
    expect((await store.plans.getGroup('plymouth-2023', 'inclusion'))!.value.nextMeeting).toBe('2023-10-26');
  });
});

describe('reading messy spreadsheets', () => {
  it('accepts a BOM, CRLF, header case, extra columns, multi-line cells and untidy leads', async () => {
    const store = await makeTestStore();
    const dir = copyFixture('messy');
    editFile(dir, 'actions.csv', (t) => {
      const lines = t.split('\n');
      lines[0] = lines[0]!.toUpperCase().replace('NOTE', 'Note') + ',RAG owner comment';
      const out = lines.map((line, i) => (i > 0 && line.trim() !== '' ? line + ',' : line));
      let text = '\uFEFF' + out.join('\r\n');
      text = text.replace('CEX PCC (TL) | DCS PCC (DH),2023-08,2023-12,', '"  CEX PCC (TL)|DCS   PCC (DH) ",2023-08,December 2023,');
      text = text.replace(/\r\n3\.4,([^\r]*),\r\n/, (_m, rest: string) => `\r\n3.4,${rest},"first line\r\nsecond line"\r\n`);
      return text;
    });
    editFile(dir, 'groups.csv', (t) => '\uFEFF' + t.replace(/\n/g, '\r\n').replace('group,kind', 'Group,KIND'));
    const result = await importPlan(store, dir, { timeZone: 'Europe/London', clock });
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.summary.planId).toBe('messy');
    const a11 = (await store.plans.getAction('messy', '1.1'))!.value;
    expect(a11.leadStrings).toEqual(['CEX PCC (TL)', 'DCS PCC (DH)']);
    expect(a11.leadIds).toEqual(['tl@plymouth.example', 'dh@plymouth.example']);
    expect(a11.due).toBe('2023-12-29');
    const a34 = (await store.plans.getAction('messy', '3.4'))!.value;
    expect(a34.extra).toEqual({ 'RAG owner comment': 'first line\nsecond line' });
  });

  it('reads legend words as BRAG ratings', async () => {
    const store = await makeTestStore();
    const dir = copyFixture();
    editFile(dir, 'actions.csv', (t) =>
      t.split('\n').map((line) => {
        if (line.startsWith('1.1,')) return line.replace(/,,$/, ',Complete and embedded,');
        if (line.startsWith('1.2,')) return line.replace(/,,$/, ',Little or no progress/delayed,');
        if (line.startsWith('1.3,')) return line.replace(/,,$/, ',Progressing to timescale,');
        return line;
      }).join('\n'),
    );
    const result = await importPlan(store, dir, { timeZone: 'Europe/London', clock });
    if (!result.ok) throw new Error(result.problems.join('\n'));
    const brag = async (ref: string) => (await store.plans.getAction('plymouth-2023', ref))!.value.brag;
    expect([await brag('1.1'), await brag('1.2'), await brag('1.3'), await brag('1.4')]).toEqual(['blue', 'red', 'amber', 'unrated']);
  });
});
