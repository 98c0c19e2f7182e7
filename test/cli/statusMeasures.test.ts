import fs from 'node:fs';
import path from 'node:path';
import { fixedClock } from '../../src/domain/clock';
import * as importCommand from '../../src/cli/commands/import';
import * as statusCommand from '../../src/cli/commands/status';
import type { Store } from '../../src/storage/store';
import { inProcessCli } from '../support/cliContext';
import { makeTestStore } from '../support/store';
import { copyFixture, editRows } from '../import/helpers';

const clock = fixedClock('2024-01-15T09:00:00Z');

const testContext = (store: Store) => inProcessCli(store, clock);

function planWithMeasures(): string {
  const dir = copyFixture();
  fs.writeFileSync(
    path.join(dir, 'measures.csv'),
    [
      'id,area,measure,owner,unit,direction,baseline,target,frequency,target_date,baseline_date',
      'ehcp-20wk,1,EHC plans issued within 20 weeks,DCS PCC (DH),percent,up,40,60,monthly,2024-12-31,2023-01-01',
      'ep-advice,2,Days to educational psychology advice,CEX PCC (TL),days,down,60,42,quarterly,,',
      'ar-timely,3,Annual reviews completed on time,CEX PCC (TL),percent,up,50,80,termly,,',
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(dir, 'measure_values.csv'),
    ['id,period,value', 'ehcp-20wk,2023-11,45', 'ehcp-20wk,2023-12,50', 'ep-advice,2023-Q4,55', 'ar-timely,2022-23-T3,60'].join('\n'),
  );
  editRows(
    dir,
    'actions.csv',
    (rows) => {
      rows.find((r) => r.ref === '1.1')!.measures = 'ehcp-20wk';
    },
    (cols) => [...cols, 'measures'],
  );
  return dir;
}

describe('planpulse status with impact measures', () => {
  let store: Store;
  beforeAll(async () => {
    store = await makeTestStore();
    expect(await importCommand.run([planWithMeasures()], testContext(store).ctx)).toBe(0);
  });

  it('lists each measure with its latest value, target and judgement', async () => {
    const { ctx, out } = testContext(store);
    expect(await statusCommand.run([], ctx)).toBe(0);
    const lines = out().split('\n');
    const measures = lines.slice(lines.indexOf('Measures: 3') + 1, lines.indexOf('Measures: 3') + 4);
    expect(measures).toEqual([
      '  ehcp-20wk    on track  latest 50% (2023-12), target 60% by 31 Dec 2024, trajectory 50% — EHC plans issued within 20 weeks',
      '  ep-advice    off track latest 55 days (2023-Q4), target 42 days — Days to educational psychology advice',
      '  ar-timely    no data   latest 60% (2022-23-T3), none for 2023-24-T1, target 80% — Annual reviews completed on time',
    ]);
  });

  it('gives the judgements as values in --json, and with --group only the measures its actions should move', async () => {
    const all = testContext(store);
    expect(await statusCommand.run(['--json'], all.ctx)).toBe(0);
    const status = JSON.parse(all.out());
    expect(status.measures.map((m: { id: string; judgement: string }) => [m.id, m.judgement])).toEqual([
      ['ehcp-20wk', 'onTrack'],
      ['ep-advice', 'offTrack'],
      ['ar-timely', 'noData'],
    ]);
    const actions = await store.plans.listActions('plymouth-2023');
    const groupId = actions.find((a) => a.ref === '1.1')!.groupId;
    const groups = await store.plans.listGroups('plymouth-2023');
    const one = testContext(store);
    expect(await statusCommand.run(['--group', groups.find((g) => g.id === groupId)!.name, '--json'], one.ctx)).toBe(0);
    expect(JSON.parse(one.out()).measures.map((m: { id: string }) => m.id)).toEqual(['ehcp-20wk']);
  });
});
