import { judgeMeasure, judgeValue, trajectoryAt, type MeasureTarget } from '../../src/measures/judgement';

/** 20-week EHC plan timeliness: higher is better, 40% now, 60% by the end of March 2025. */
const twentyWeek: MeasureTarget = {
  direction: 'up',
  baseline: 40,
  target: 60,
  frequency: 'monthly',
  baselineDate: '2024-04-01',
  targetDate: '2025-03-31',
};

/** Days to issue educational psychology advice: lower is better, 60 now, 42 by a year on. */
const epAdvice: MeasureTarget = {
  direction: 'down',
  baseline: 60,
  target: 42,
  frequency: 'quarterly',
  baselineDate: '2024-01-01',
  targetDate: '2024-12-31',
};

describe('judging a measure', () => {
  it('is on track once the target is met, whichever way is better', () => {
    expect(judgeValue(twentyWeek, 61, '2024-05-31')).toEqual({
      judgement: 'onTrack',
      against: { kind: 'target', expected: 60 },
    });
    expect(judgeValue(epAdvice, 40, '2024-03-31').judgement).toBe('onTrack');
    expect(judgeValue(epAdvice, 43, '2024-12-31').judgement).toBe('offTrack');
  });

  it('short of the target, follows the straight line from baseline to target', () => {
    // Half-way through the year the line stands at about 50%.
    const halfway = trajectoryAt(twentyWeek, '2024-09-30')!;
    expect(halfway).toBeGreaterThan(49);
    expect(halfway).toBeLessThan(51);
    expect(judgeValue(twentyWeek, 52, '2024-09-30')).toEqual({
      judgement: 'onTrack',
      against: { kind: 'trajectory', expected: halfway },
    });
    expect(judgeValue(twentyWeek, 47, '2024-09-30').judgement).toBe('offTrack');
    // Lower is better: 55 days at the end of Q1 is ahead of the line (about 55.6), 57 behind it.
    expect(judgeValue(epAdvice, 55, '2024-03-31').judgement).toBe('onTrack');
    expect(judgeValue(epAdvice, 57, '2024-03-31').judgement).toBe('offTrack');
  });

  it('after the target date, anything short of the target is off track', () => {
    expect(trajectoryAt(twentyWeek, '2025-06-30')).toBe(60);
    expect(judgeValue(twentyWeek, 59, '2025-06-30').judgement).toBe('offTrack');
  });

  it('without a target date, judges against the target alone', () => {
    const noDate = { ...twentyWeek, targetDate: undefined };
    expect(judgeValue(noDate, 59, '2024-04-30')).toEqual({
      judgement: 'offTrack',
      against: { kind: 'target', expected: 60 },
    });
  });

  it('judges the latest value of the period that has just ended', () => {
    const values = [
      { period: '2024-05', value: 44 },
      { period: '2024-04', value: 41 },
    ];
    const result = judgeMeasure(twentyWeek, values, '2024-06-10');
    expect(result.judgement).toBe('onTrack');
    expect(result.duePeriod.label).toBe('2024-05');
    expect(result.latest).toEqual({ period: expect.objectContaining({ label: '2024-05' }), value: 44 });
  });

  it('has no data when the period that has ended has no value, while still showing the last one', () => {
    const result = judgeMeasure(epAdvice, [{ period: '2024-Q1', value: 50 }], '2024-07-02');
    expect(result.judgement).toBe('noData');
    expect(result.duePeriod.label).toBe('2024-Q2');
    expect(result.latest?.value).toBe(50);
    expect(result.against).toBeUndefined();
    expect(judgeMeasure(epAdvice, [], '2024-07-02').judgement).toBe('noData');
  });

  it('starts the trajectory at the earliest recorded period when no baseline date is given', () => {
    const measure = { ...twentyWeek, baselineDate: undefined };
    const values = [
      { period: '2024-04', value: 40 },
      { period: '2024-09', value: 50 },
    ];
    const result = judgeMeasure(measure, values, '2024-10-01');
    expect(result.judgement).toBe('onTrack');
    expect(result.against?.kind).toBe('trajectory');
    expect(judgeMeasure(measure, [...values.slice(0, 1), { period: '2024-09', value: 46 }], '2024-10-01').judgement).toBe(
      'offTrack',
    );
  });
});
