/**
 * Trends and evidence in the exports: two closed cycles of one group stored as BRAG snapshots,
 * live ratings moved since, and updates with their evidence sources appended to the history.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import type { Brag, Rating } from '../../src/domain/brag';
import { fixedClock } from '../../src/domain/clock';
import type { Action, EvidenceType, Group } from '../../src/domain/model';
import { exportPlan } from '../../src/export';
import { importPlan } from '../../src/import';
import type { GroupSnapshot } from '../../src/storage/snapshotRepository';
import type { Store } from '../../src/storage/store';
import { makeTestStore } from '../support/store';
import { FIXTURE } from '../import/helpers';
import { bragName, formatPlanDate } from '../../src/cards/format';

const PLAN = 'plymouth-2023';
const clock = fixedClock('2024-01-15T09:00:00Z');
const FIRST = '2023-12-06';
const SECOND = '2023-12-27';
const OUT = path.join(__dirname, '../../test-output/exports');

let store: Store;
let governance: Group;
let inclusion: Group;
let refs: string[];

/** Ratings of the governance group's first five actions: [first meeting, second meeting, now]. */
const HISTORY: Record<number, [Rating, Rating, Rating]> = {
  0: ['red', 'amber', 'amber'], // moved up at the second meeting, unchanged since: ↑
  1: ['amber', 'amber', 'red'], // moved down since the second meeting: ↓
  2: ['amber', 'amber', 'amber'], // no movement: →
  3: ['amber', 'green', 'blue'], // moved up since the second meeting: ↑
  4: ['unrated', 'unrated', 'unrated'], // never rated: blank
};

async function setBrag(ref: string, brag: Rating, at?: string) {
  await store.plans.modifyAction(PLAN, ref, (a) => ({ ...a, brag, ...(at ? { lastUpdateAt: at, updateCount: a.updateCount + 1 } : {}) }));
}

function snapshot(meetingDate: string, actions: Action[], column: 0 | 1): GroupSnapshot {
  const entries: GroupSnapshot['actions'] = {};
  actions.forEach((a, i) => {
    entries[a.ref] = { brag: HISTORY[i]?.[column] ?? 'amber', ...(a.due ? { due: a.due } : {}) };
  });
  return { planId: PLAN, groupId: governance.id, meetingDate, takenAt: `${meetingDate}T18:00:00.000Z`, actions: entries };
}

interface Appended {
  ref: string;
  at: string;
  evidence: EvidenceType[];
  voice?: string;
  decision?: boolean;
}

let updateNo = 0;
async function append(u: Appended) {
  updateNo++;
  await store.updates.append({
    planId: PLAN, ref: u.ref, id: `u${updateNo}`, submissionId: `s${updateNo}`, brag: 'amber' as Brag,
    narrative: `Update ${updateNo} on ${u.ref}.`, evidence: u.evidence, ...(u.voice ? { voice: u.voice } : {}),
    escalate: false, authorId: 'dh@plymouth.example', at: u.at,
    ...(u.decision ? { decision: { kind: 'revisedDate' as const, outcome: 'approved' as const, proposalId: 'p1', proposedBy: 'dh', toDue: '2024-03-29' } } : {}),
  });
  await store.plans.modifyAction(PLAN, u.ref, (a) => ({
    ...a, updateCount: a.updateCount + 1, lastUpdateAt: !a.lastUpdateAt || a.lastUpdateAt < u.at ? u.at : a.lastUpdateAt,
  }));
}

// Governance and Inclusion meet every 21 days, so their last cycle starts on 2023-12-25.
const UPDATES: Appended[] = [];

beforeAll(async () => {
  store = await makeTestStore();
  const result = await importPlan(store, FIXTURE, { timeZone: 'Europe/London', clock: fixedClock('2023-10-02T09:00:00Z') });
  if (!result.ok) throw new Error(result.problems.join('\n'));
  const groups = await store.plans.listGroups(PLAN);
  governance = groups.find((g) => g.name.startsWith('Governance'))!;
  inclusion = groups.find((g) => g.name === 'Inclusion')!;
  const actions = await store.plans.listActionsOfGroup(PLAN, governance.id);
  refs = actions.map((a) => a.ref);
  await store.snapshots.save(snapshot(FIRST, actions, 0));
  await store.snapshots.save(snapshot(SECOND, actions, 1));
  for (const [i, h] of Object.entries(HISTORY)) await setBrag(refs[Number(i)]!, h[2]);
  for (const ref of refs.slice(5)) await setBrag(ref, 'amber');

  const inclusionRefs = (await store.plans.listActionsOfGroup(PLAN, inclusion.id)).map((a) => a.ref);
  UPDATES.push(
    { ref: refs[0]!, at: '2024-01-08T10:00:00.000Z', evidence: ['minutes', 'voice'], voice: 'Parent carer forum reviewed the draft.' },
    { ref: refs[0]!, at: '2024-01-12T10:00:00.000Z', evidence: ['data'] },
    { ref: refs[1]!, at: '2024-01-03T10:00:00.000Z', evidence: ['audit', 'data'], voice: '   ' },
    { ref: refs[2]!, at: '2024-01-10T10:00:00.000Z', evidence: ['surveys', 'voice'], voice: 'Survey of 212 families.' },
    // Before the cycle: not counted.
    { ref: refs[2]!, at: '2023-12-20T10:00:00.000Z', evidence: ['review'], voice: 'Older involvement.' },
    { ref: refs[3]!, at: '2023-11-20T10:00:00.000Z', evidence: ['audit'] },
    // A chair's decision on a date is not a progress update.
    { ref: refs[1]!, at: '2024-01-11T10:00:00.000Z', evidence: [], decision: true },
    { ref: inclusionRefs[0]!, at: '2024-01-09T10:00:00.000Z', evidence: ['review', 'minutes'] },
  );
  for (const u of UPDATES) await append(u);
});

/** The HTML of one action row of the board paper. */
function actionRowHtml(html: string, ref: string): string {
  const start = html.indexOf(`<td class="ref">${ref}</td>`);
  expect(start).toBeGreaterThan(0);
  return html.slice(start, html.indexOf('</tr>', start));
}

const trendCellText = (row: string) => /<td class="trend[^"]*"[^>]*>([^<]*)<\/td>/.exec(row)?.[1];

describe('trends in the exports', () => {
  it('draws each group\'s BRAG counts per closed cycle and says when a group has none yet', async () => {
    const html = (await exportPlan(store, PLAN, 'html', clock, { timeZone: 'Europe/London' })) as string;
    fs.mkdirSync(OUT, { recursive: true });
    fs.writeFileSync(path.join(OUT, 'board-paper-trends.html'), html);
    const block = html.slice(html.indexOf(`<h3>${governance.name.replace(/'/g, '&#39;')}</h3>`));
    const chart = block.slice(0, block.indexOf('</svg>'));
    expect(chart).toContain('<svg class="trend-chart"');
    expect(chart).toContain('6 Dec 23');
    expect(chart).toContain('27 Dec 23');
    const count = (meeting: string, rating: Rating) => {
      const m = new RegExp(`<title>${formatPlanDate(meeting)}: ${bragName(rating)} (\\d+)</title>`).exec(chart);
      return m ? Number(m[1]) : 0;
    };
    const expected = (column: 0 | 1, rating: Rating) => refs.filter((_, i) => (HISTORY[i]?.[column] ?? 'amber') === rating).length;
    for (const meeting of [FIRST, SECOND]) {
      for (const rating of ['blue', 'green', 'amber', 'red', 'unrated'] as Rating[]) {
        expect(count(meeting, rating)).toBe(expected(meeting === FIRST ? 0 : 1, rating));
      }
    }
    const inclusionBlock = html.slice(html.indexOf(`<h3>Inclusion</h3>`));
    expect(inclusionBlock.slice(0, inclusionBlock.indexOf('</div>'))).toContain('No cycle of this group has closed yet');
  });

  it('gives each action an arrow from its current BRAG and the previous snapshot', async () => {
    const html = (await exportPlan(store, PLAN, 'html', clock, { timeZone: 'Europe/London' })) as string;
    const arrows = [0, 1, 2, 3, 4].map((i) => trendCellText(actionRowHtml(html, refs[i]!)));
    expect(arrows).toEqual(['↑', '↓', '→', '↑', '']);
    expect(actionRowHtml(html, refs[1]!)).toContain(`title="Worse since Amber at the ${SECOND} meeting"`);
    expect(actionRowHtml(html, refs[0]!)).toContain(`title="Better since Red at the ${FIRST} meeting"`);
    // A group without snapshots has no arrows.
    const inclusionRef = (await store.plans.listActionsOfGroup(PLAN, inclusion.id))[0]!.ref;
    expect(trendCellText(actionRowHtml(html, inclusionRef))).toBe('');
  });

  it('adds a trend column to the tracker and a Trends sheet of counts per cycle to the workbook', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exportPlan(store, PLAN, 'xlsx', clock, { timeZone: 'Europe/London' })) as unknown as ArrayBuffer);
    const tracker = wb.getWorksheet('Tracker')!;
    const header = (tracker.getRow(1).values as unknown[]).slice(1);
    const trendCol = header.indexOf('Trend') + 1;
    expect(trendCol).toBeGreaterThan(0);
    const trendOf = new Map<string, unknown>();
    tracker.eachRow((row, n) => {
      if (n > 1 && !row.getCell(1).isMerged) trendOf.set(String(row.getCell(1).value), row.getCell(trendCol).value ?? '');
    });
    expect([0, 1, 2, 3, 4].map((i) => trendOf.get(refs[i]!))).toEqual(['↑', '↓', '→', '↑', '']);

    const trends = wb.getWorksheet('Trends')!;
    expect((trends.getRow(1).values as unknown[]).slice(1)).toEqual(['Group', 'Meeting', 'Blue', 'Green', 'Amber', 'Red', 'Unrated', 'Total']);
    const rows: unknown[][] = [];
    trends.eachRow((row, n) => {
      if (n > 1) rows.push((row.values as unknown[]).slice(1));
    });
    const governanceRows = rows.filter((r) => r[0] === governance.name);
    expect(governanceRows.map((r) => r[1])).toEqual([FIRST, SECOND]);
    const second = governanceRows[1]!;
    expect(second[7]).toBe(refs.length);
    expect(second[4]).toBe(refs.filter((_, i) => (HISTORY[i]?.[1] ?? 'amber') === 'amber').length);
    expect(second[3]).toBe(1); // green
    expect(rows.find((r) => r[0] === 'Inclusion')?.[1]).toBe('No cycle has closed yet');
  });

  it('puts the trend after the contract columns of the CSV, which still imports cleanly', async () => {
    const csv = (await exportPlan(store, PLAN, 'csv', clock, { timeZone: 'Europe/London' })) as string;
    const [header, ...rows] = parse(csv) as string[][];
    expect(header!.slice(0, 13)).toEqual([
      'ref', 'area', 'group', 'action', 'leads', 'start', 'due', 'brag', 'last_update', 'updates', 'overdue', 'open_escalations', 'trend',
    ]);
    const byRef = new Map(rows.map((r) => [r[0]!, r]));
    expect([0, 1, 2, 3, 4].map((i) => byRef.get(refs[i]!)![12])).toEqual(['↑', '↓', '→', '↑', '']);

    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pp-trend-roundtrip-')), 'again');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'actions.csv'), csv);
    fs.copyFileSync(path.join(FIXTURE, 'people.csv'), path.join(dir, 'people.csv'));
    fs.copyFileSync(path.join(FIXTURE, 'groups.csv'), path.join(dir, 'groups.csv'));
    const result = await importPlan(store, dir, { timeZone: 'Europe/London', clock, newPlan: true });
    if (!result.ok) throw new Error(result.problems.join('\n'));
    const again = new Map((await store.plans.listActions('again')).map((a) => [a.ref, a]));
    const original = await store.plans.listActions(PLAN);
    expect(again.size).toBe(original.length);
    for (const a of original) {
      const b = again.get(a.ref)!;
      expect({ text: b.text, due: b.due, brag: b.brag, extra: b.extra }).toEqual({ text: a.text, due: a.due, brag: a.brag, extra: a.extra });
      expect(Object.keys(b.extra).map((k) => k.toLowerCase())).not.toContain('trend');
    }
  });
});

describe('evidence and co-production in the board paper', () => {
  const inWindow = (u: Appended) => !u.decision && u.at >= '2023-12-25T00:00:00.000Z';
  const counted = () => UPDATES.filter(inWindow);

  function evidenceRow(html: string, name: string): string[] {
    const table = html.slice(html.indexOf('<table class="evidence">'));
    const start = table.indexOf(`<td>${name}`);
    expect(start).toBeGreaterThan(0);
    const row = table.slice(start, table.indexOf('</tr>', start));
    return [...row.matchAll(/<td class="num">([^<]*)<\/td>/g)].map((m) => m[1]!);
  }

  it('counts the last cycle\'s updates by evidence source, per group and for the plan', async () => {
    const html = (await exportPlan(store, PLAN, 'html', clock, { timeZone: 'Europe/London' })) as string;
    const sources: EvidenceType[] = ['audit', 'voice', 'data', 'review', 'minutes', 'surveys'];
    const expectRow = (updates: Appended[]) => [
      ...sources.map((s) => String(updates.filter((u) => u.evidence.includes(s)).length)),
      String(updates.length),
      `${updates.filter((u) => (u.voice ?? '').trim() !== '').length} of ${updates.length}`,
    ];
    const governanceUpdates = counted().filter((u) => refs.includes(u.ref));
    expect(governanceUpdates).toHaveLength(4);
    expect(evidenceRow(html, governance.name.replace(/'/g, '&#39;'))).toEqual(expectRow(governanceUpdates));
    expect(evidenceRow(html, 'Inclusion')).toEqual(expectRow(counted().filter((u) => !refs.includes(u.ref))));
    expect(evidenceRow(html, 'Whole plan')).toEqual(expectRow(counted()));
    // Explicitly: audit 1, voice 2, data 2, review 1, minutes 2, surveys 1 over 5 updates, 2 with voice.
    expect(evidenceRow(html, 'Whole plan')).toEqual(['1', '2', '2', '1', '2', '1', '5', '2 of 5']);
  });

  it('states the co-production line for the plan and for each group', async () => {
    const html = (await exportPlan(store, PLAN, 'html', clock, { timeZone: 'Europe/London' })) as string;
    expect(html).toContain('<p class="coproduction">2 of 5 updates in the last cycle say how children, young people and families were involved.</p>');
    const block = html.slice(html.indexOf(`<h3>${governance.name.replace(/'/g, '&#39;')}</h3>`));
    expect(block.slice(0, block.indexOf('</div>'))).toContain('2 of 4 updates in the last cycle say how children, young people and families were involved.');
    const inclusionBlock = html.slice(html.indexOf('<h3>Inclusion</h3>'));
    expect(inclusionBlock.slice(0, inclusionBlock.indexOf('</div>'))).toContain('0 of 1 update in the last cycle says');
  });
});
