import { parsePeriod, periodEndingOnOrBefore, previousPeriod, type Period } from '../../src/measures/periods';

function period(label: string): Period {
  const parsed = parsePeriod(label);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.period;
}

describe('reporting periods', () => {
  it('reads a month, a quarter, a term and a half-term with the dates they cover', () => {
    expect(period('2024-03')).toEqual({ frequency: 'monthly', label: '2024-03', start: '2024-03-01', end: '2024-03-31' });
    expect(period('2024-02')).toMatchObject({ end: '2024-02-29' });
    expect(period('2024-q1')).toEqual({ frequency: 'quarterly', label: '2024-Q1', start: '2024-01-01', end: '2024-03-31' });
    expect(period('2023-24-T1')).toMatchObject({ frequency: 'termly', start: '2023-09-01', end: '2023-12-31' });
    expect(period('2023-24-T2')).toMatchObject({ start: '2024-01-01', end: '2024-03-31' });
    expect(period('2023-24-T3')).toMatchObject({ start: '2024-04-01', end: '2024-07-31' });
    expect(period('2023-24-HT3')).toEqual({
      frequency: 'half-termly',
      label: '2023-24-HT3',
      start: '2024-01-01',
      end: '2024-02-29',
    });
    expect(period('2099-00-HT1')).toMatchObject({ start: '2099-09-01', end: '2099-10-31' });
  });

  it('refuses labels that are not periods, saying how to write one', () => {
    for (const bad of ['2024-13', '2024-Q5', 'March 2024', '2023-24-T4', '2023-24-HT7', '']) {
      const parsed = parsePeriod(bad);
      expect(parsed).toEqual({ ok: false, message: expect.stringContaining('write a month (2024-03)') });
    }
    expect(parsePeriod('2023-25-T1')).toEqual({ ok: false, message: expect.stringContaining('e.g. 2023-24') });
  });

  it('refuses a period of another frequency than the measure’s', () => {
    expect(parsePeriod('2024-03', 'quarterly')).toEqual({
      ok: false,
      message: '"2024-03" is a monthly period but the measure is reported quarterly (e.g. 2024-Q1)',
    });
    expect(parsePeriod('2024-Q1', 'quarterly').ok).toBe(true);
  });

  it('finds the latest period that has ended on or before a date', () => {
    expect(periodEndingOnOrBefore('monthly', '2024-03-31').label).toBe('2024-03');
    expect(periodEndingOnOrBefore('monthly', '2024-03-30').label).toBe('2024-02');
    expect(periodEndingOnOrBefore('monthly', '2024-01-15').label).toBe('2023-12');
    expect(periodEndingOnOrBefore('quarterly', '2024-04-01').label).toBe('2024-Q1');
    expect(periodEndingOnOrBefore('quarterly', '2024-03-30').label).toBe('2023-Q4');
    expect(periodEndingOnOrBefore('termly', '2024-02-10').label).toBe('2023-24-T1');
    expect(periodEndingOnOrBefore('termly', '2024-08-15').label).toBe('2023-24-T3');
    expect(periodEndingOnOrBefore('termly', '2023-10-01').label).toBe('2022-23-T3');
    expect(periodEndingOnOrBefore('half-termly', '2024-03-31').label).toBe('2023-24-HT4');
    expect(periodEndingOnOrBefore('half-termly', '2023-09-20').label).toBe('2022-23-HT6');
  });

  it('steps back over the summer holiday to the summer term', () => {
    expect(previousPeriod(period('2024-25-T1')).label).toBe('2023-24-T3');
    expect(previousPeriod(period('2024-25-HT1')).label).toBe('2023-24-HT6');
    expect(previousPeriod(period('2024-01')).label).toBe('2023-12');
    expect(previousPeriod(period('2024-Q1')).label).toBe('2023-Q4');
  });
});
