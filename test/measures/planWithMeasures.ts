/**
 * The Plymouth fixture with three impact measures: a monthly percentage owned by DH (whose
 * delegate is HP), a quarterly number of days and a termly percentage owned by TL, with some
 * values already known, and actions naming the measures they should move.
 */
import fs from 'node:fs';
import path from 'node:path';
import { copyFixture, editRows } from '../import/helpers';

export const MEASURES_CSV = [
  'id,area,measure,owner,unit,direction,baseline,target,frequency,target_date,baseline_date,source,definition',
  'ehcp-20wk,1,EHC plans issued within 20 weeks,DCS PCC (DH),percent,up,40,60,monthly,2024-12-31,2023-01-01,SEN2 return,Plans issued in the month within 20 weeks of the request / all plans issued in the month',
  'ep-advice,2,Days to educational psychology advice,CEX PCC (TL),days,down,60,42,quarterly,,,,',
  'ar-timely,3,Annual reviews completed on time,CEX PCC (TL),percent,up,50,80,termly,,,,',
].join('\n');

export const MEASURE_VALUES_CSV = ['id,period,value', 'ehcp-20wk,2023-11,45', 'ehcp-20wk,2023-12,50', 'ep-advice,2023-Q4,55', 'ar-timely,2022-23-T3,60'].join('\n');

/** A copy of the fixture with measures.csv and measure_values.csv; DH's delegate is HP. */
export function planWithMeasures(extra: { terms?: string } = {}): string {
  const dir = copyFixture();
  fs.writeFileSync(path.join(dir, 'measures.csv'), MEASURES_CSV);
  fs.writeFileSync(path.join(dir, 'measure_values.csv'), MEASURE_VALUES_CSV);
  if (extra.terms) fs.writeFileSync(path.join(dir, 'terms.csv'), extra.terms);
  editRows(
    dir,
    'actions.csv',
    (rows) => {
      rows.find((r) => r.ref === '1.1')!.measures = 'ehcp-20wk';
      rows.find((r) => r.ref === '1.2')!.measures = 'ehcp-20wk';
      rows.find((r) => r.ref === '2.1')!.measures = 'ep-advice';
    },
    (cols) => [...cols, 'measures'],
  );
  editRows(
    dir,
    'people.csv',
    (rows) => {
      rows.find((r) => r.email === 'dh@plymouth.example')!.delegate = 'hp@plymouth.example';
    },
    (cols) => [...cols, 'delegate'],
  );
  return dir;
}
