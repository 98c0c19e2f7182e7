/**
 * Azure Table Storage's limits are checked with the rows, before anything is written: a
 * file that breaks one is refused whole, each breach saying where, and the store is as it was.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fixedClock } from '../../src/domain/clock';
import { importPlan } from '../../src/import';
import { MAX_WORKBOOK_BYTES } from '../../src/import/xlsxSource';
import { byRef, copyFixture, editRows, FIXTURE, refusalRig } from './helpers';

const clock = fixedClock('2023-10-02T09:00:00Z');
const rig = refusalRig(clock);
const refused = rig.refused;

describe('Azure Table limits, checked before anything is written', () => {
  it('refuses a ref too long for a table key', async () => {
    const problems = await refused((d) => editRows(d, 'actions.csv', (rows) => void (byRef(rows, '1.2').ref = `1.2 ${'x'.repeat(1996)}`)));
    expect(problems).toEqual([
      'actions.csv:3: ref: the ref is 2,000 characters long; it may be at most 100 (it is part of Azure Table Storage keys, which are limited).',
    ]);
  });

  it('refuses a ref holding a control character', async () => {
    const problems = await refused((d) => editRows(d, 'actions.csv', (rows) => void (byRef(rows, '1.3').ref = '1.3\u0007')));
    expect(problems).toEqual(['actions.csv:4: ref: the ref holds a control character (a line break or tab, perhaps pasted in); write it on one line.']);
  });

  it('accepts / \\ # and ? in a ref: the store encodes them in its keys', async () => {
    const dir = copyFixture();
    editRows(dir, 'actions.csv', (rows) => void (byRef(rows, '1.4').ref = '1.4/a#b?c\\d'));
    const result = await importPlan(rig.store, dir, { timeZone: 'Europe/London', clock, planId: 'odd-refs', newPlan: true });
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect((await rig.store.plans.getAction('odd-refs', '1.4/a#b?c\\d'))!.value.ref).toBe('1.4/a#b?c\\d');
    await rig.remember();
  });

  it('refuses a cell larger than one stored value (64 KiB)', async () => {
    const problems = await refused((d) => editRows(d, 'actions.csv', (rows) => void (byRef(rows, '2.1').note = 'N'.repeat(2 * 1024 * 1024))));
    expect(problems).toEqual([
      'actions.csv:14: note: holds 2,097,152 characters; a cell may hold at most 32,768 (Azure Table Storage\'s 64 KiB per text value).',
    ]);
  });

  it('refuses an action whose cells together exceed one entity (1 MiB)', async () => {
    // Each cell fits, but non-ASCII text is stored escaped (six characters for each é).
    const long = 'é'.repeat(32_000);
    const problems = await refused((d) =>
      editRows(d, 'actions.csv', (rows) => void Object.assign(byRef(rows, '2.2'), { outcome: long, evidence_of_impact: long, note: long })),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^actions\.csv:15: \(row\): the action holds [\d,]+ characters of text in all; one row may hold at most 520,000 \(Azure Table Storage's 1 MiB per entity\); shorten its longest cells\.$/),
    ]);
  });

  it('refuses a group whose index row would exceed one entity', async () => {
    const problems = await refused((d) =>
      editRows(d, 'actions.csv', (rows) => {
        const template = byRef(rows, '3.1');
        for (let i = 0; i < 6000; i++) rows.push({ ...template, ref: `3.${1000 + i}-${'r'.repeat(90)}` });
      }),
    );
    // The group's index row, and those of its leads and its due date, each list every ref.
    const tail = String.raw` actions, whose refs fill [\d,]+ characters: more than the one index row that lists them may hold \(Azure Table Storage's 1 MiB per entity\); split it or shorten the refs\.$`;
    expect(problems).toEqual([
      expect.stringMatching(new RegExp(String.raw`^actions\.csv:3: leads: the lead mm@plymouth\.example has 6,\d{3}` + tail)),
      expect.stringMatching(new RegExp(String.raw`^actions\.csv:10: due: the due date 2024-02-29 has 6,\d{3}` + tail)),
      expect.stringMatching(new RegExp(String.raw`^actions\.csv:22: group: the group inclusion has 6,\d{3}` + tail)),
      expect.stringMatching(new RegExp(String.raw`^actions\.csv:22: leads: the lead jb@plymouth\.example has 6,\d{3}` + tail)),
    ]);
  });

  it('refuses a plan id too long for a table key, and a blank --name', async () => {
    expect(await refused(() => undefined, 'p'.repeat(150))).toEqual([
      `actions.csv:0: plan: the plan id "${'p'.repeat(40)}…" is 150 characters long; it may be at most 100 (it is part of Azure Table Storage keys, which are limited). Give a shorter one with --plan ID.`,
    ]);
    const result = await importPlan(rig.store, FIXTURE, { timeZone: 'Europe/London', clock, name: '  ' });
    expect(!result.ok && result.problems).toEqual(["actions.csv:0: name: the plan's name is blank; leave --name out to keep the current one."]);
  });

  it('refuses a workbook larger than it reads, before reading it', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pp-big-')), 'huge.xlsx');
    fs.writeFileSync(file, Buffer.alloc(MAX_WORKBOOK_BYTES + 1));
    const result = await importPlan(rig.store, file, { timeZone: 'Europe/London', clock });
    expect(!result.ok && result.problems).toEqual([
      'huge.xlsx:0: (file): is 20 MB, more than the 20 MB a workbook may be; remove other sheets, images and formatting, or import a folder of CSV files.',
    ]);
  });
});
