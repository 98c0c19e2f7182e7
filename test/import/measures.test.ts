import fs from 'node:fs';
import path from 'node:path';
import { fixedClock } from '../../src/domain/clock';
import { importPlan } from '../../src/import';
import type { Store } from '../../src/storage/store';
import { makeTestStore } from '../support/store';
import { copyFixture, editRows, snapshot } from './helpers';

const clock = fixedClock('2024-04-02T09:00:00Z');

const MEASURES = [
  'id,area,measure,owner,unit,direction,baseline,target,frequency,target_date,source',
  'ehcp-20wk,1,EHC plans issued within 20 weeks,DCS PCC (DH),percent,up,40,60,monthly,2025-03-31,SEN2 return',
  'ep-advice,1,Days to educational psychology advice,CEX PCC (TL),days,down,60,42,quarterly,,',
].join('\n');

const VALUES = ['id,period,value', 'ehcp-20wk,2024-02,44', 'ehcp-20wk,2024-03,47.5%', 'ep-advice,2024-Q1,55'].join('\n');

function planWithMeasures(measures = MEASURES, values = VALUES): string {
  const dir = copyFixture();
  fs.writeFileSync(path.join(dir, 'measures.csv'), measures);
  fs.writeFileSync(path.join(dir, 'measure_values.csv'), values);
  editRows(
    dir,
    'actions.csv',
    (rows) => {
      rows[0]!.measures = 'ehcp-20wk | ep-advice';
    },
    (cols) => [...cols, 'measures'],
  );
  return dir;
}

let store: Store;
beforeEach(async () => {
  store = await makeTestStore();
});

describe('importing impact measures', () => {
  it('stores the measures, their known values and the measures each action should move', async () => {
    const result = await importPlan(store, planWithMeasures(), { timeZone: 'Europe/London', clock });
    if (!result.ok) throw new Error(result.problems.join('\n'));
    const measures = await store.measures.list('plymouth-2023');
    expect(measures.map((m) => m.id).sort()).toEqual(['ehcp-20wk', 'ep-advice']);
    expect(measures.find((m) => m.id === 'ehcp-20wk')).toMatchObject({
      area: 1,
      name: 'EHC plans issued within 20 weeks',
      ownerId: 'dh@plymouth.example',
      unit: 'percent',
      direction: 'up',
      baseline: 40,
      target: 60,
      frequency: 'monthly',
      targetDate: '2025-03-31',
      source: 'SEN2 return',
    });
    const values = await store.measures.listValues('plymouth-2023', 'ehcp-20wk');
    expect(values.map((v) => [v.period, v.value])).toEqual([
      ['2024-02', 44],
      ['2024-03', 47.5],
    ]);
    const actions = await store.plans.listActions('plymouth-2023');
    expect(actions.find((a) => a.ref === '1.1')?.measureIds).toEqual(['ehcp-20wk', 'ep-advice']);
  });

  it('keeps a value an owner recorded when the file is imported again', async () => {
    const first = await importPlan(store, planWithMeasures(MEASURES, 'id,period,value\nehcp-20wk,2024-02,44'), { timeZone: 'Europe/London', clock });
    expect(first.ok).toBe(true);
    await store.measures.addValueIfAbsent({
      planId: 'plymouth-2023',
      measureId: 'ehcp-20wk',
      period: '2024-03',
      value: 49,
      recordedBy: 'dh@plymouth.example',
      recordedAt: '2024-04-03T10:00:00Z',
    });
    // The file now says 46 for February (an import's own value: corrected) and 45 for March (the owner's: kept).
    const values = ['id,period,value', 'ehcp-20wk,2024-02,46', 'ehcp-20wk,2024-03,45', 'ep-advice,2024-Q1,55'].join('\n');
    const again = await importPlan(store, planWithMeasures(MEASURES, values), { timeZone: 'Europe/London', clock });
    if (!again.ok) throw new Error(again.problems.join('\n'));
    const stored = await store.measures.listValues('plymouth-2023', 'ehcp-20wk');
    expect(stored.map((v) => [v.period, v.value, v.recordedBy])).toEqual([
      ['2024-02', 46, 'import'],
      ['2024-03', 49, 'dh@plymouth.example'],
    ]);
  });

  it('imports a plan without measures as before', async () => {
    const result = await importPlan(store, copyFixture(), { timeZone: 'Europe/London', clock });
    expect(result.ok).toBe(true);
    expect(await store.measures.list('plymouth-2023')).toEqual([]);
  });

  it('refuses bad measures and values, saying where, and imports nothing', async () => {
    const measures = [
      'id,area,measure,owner,unit,direction,baseline,target,frequency',
      'ehcp-20wk,1,EHC plans issued within 20 weeks,Head of Nobody,percent,up,40,160,monthly',
      'ep-advice,1,Days to EP advice,CEX PCC (TL),hours,sideways,60,42,weekly',
      'ok,2,Annual reviews on time,CEX PCC (TL),percent,up,50,80,termly',
    ].join('\n');
    const values = ['id,period,value', 'ok,2024-03,50', 'ok,2023-24-T2,101', 'ok,2023-24-T1,lots', 'nope,2024-Q1,3'].join('\n');
    const dir = planWithMeasures(measures, values);
    editRows(dir, 'actions.csv', (rows) => {
      rows[0]!.measures = 'ok|ehcp-20wx';
    });
    const before = await snapshot(store);
    const result = await importPlan(store, dir, { timeZone: 'Europe/London', clock });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(await snapshot(store)).toEqual(before);
    expect(result.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^measures\.csv:2: owner: "Head of Nobody" is not a lead in people\.csv/),
        'measures.csv:2: target: 160 is not a percentage from 0 to 100.',
        expect.stringMatching(/^measures\.csv:3: unit: "hours" is not one of percent, number, days/),
        expect.stringMatching(/^measures\.csv:3: direction: "sideways" is not one of up, down/),
        expect.stringMatching(/^measures\.csv:3: frequency: "weekly" is not one of monthly, quarterly, termly, half-termly/),
        'measure_values.csv:2: period: "2024-03" is a monthly period but the measure is reported termly (e.g. 2023-24-T2).',
        'measure_values.csv:3: value: 101 is not a percentage from 0 to 100.',
        'measure_values.csv:4: value: "lots" is not a number.',
        expect.stringMatching(/^measure_values\.csv:5: id: "nope" is not a measure in measures\.csv/),
        expect.stringMatching(/^actions\.csv:2: measures: "ehcp-20wx" is not a measure in measures\.csv\. Did you mean "ehcp-20wk"/),
      ]),
    );
    expect(result.problems).toHaveLength(10);
  });
});
