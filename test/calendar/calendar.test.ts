import { addDays, atPlanTime, bankHolidaysOf, isWorkingDay, onOrBeforeWorkingDay, planDateOf, workingDaysBefore } from '../../src/calendar';

describe('working days in England and Wales', () => {
  it('treats weekends and bank holidays as non-working days', () => {
    expect(isWorkingDay('2023-12-22')).toBe(true); // Friday
    expect(isWorkingDay('2023-12-23')).toBe(false); // Saturday
    expect(isWorkingDay('2023-12-25')).toBe(false); // Christmas Day
    expect(isWorkingDay('2023-12-26')).toBe(false); // Boxing Day
    expect(isWorkingDay('2024-03-29')).toBe(false); // Good Friday
    expect(isWorkingDay('2024-04-01')).toBe(false); // Easter Monday
    expect(isWorkingDay('2024-04-02')).toBe(true);
  });

  it('knows the substitute day when a holiday falls on a weekend', () => {
    expect(isWorkingDay('2026-12-28')).toBe(false); // Boxing Day 2026 is a Saturday
    expect(isWorkingDay('2023-01-02')).toBe(false); // New Year 2023 is a Sunday
  });

  it('has the eight England and Wales bank holidays for every year the plans span, and beyond', () => {
    // Fails when the holiday rules stop covering the years a deployment will run in.
    for (let year = 2023; year <= 2030; year++) {
      expect(bankHolidaysOf(year).size).toBeGreaterThanOrEqual(8);
    }
  });

  it('counts working days back across a bank holiday weekend', () => {
    // Tuesday 2 April 2024, after Easter: 1 working day before is Thursday 28 March.
    expect(workingDaysBefore('2024-04-02', 1)).toBe('2024-03-28');
    expect(workingDaysBefore('2024-04-02', 5)).toBe('2024-03-22');
  });

  it('moves a step that falls on a non-working day to the previous working day', () => {
    expect(onOrBeforeWorkingDay('2023-12-26')).toBe('2023-12-22');
    expect(workingDaysBefore('2023-12-26', 0)).toBe('2023-12-22');
    expect(workingDaysBefore('2023-12-26', 1)).toBe('2023-12-21');
  });

  it('adds calendar days across month and year ends', () => {
    expect(addDays('2023-12-31', 1)).toBe('2024-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });
});

describe('plan time', () => {
  it('puts 09:00 in London at 09:00 UTC in winter and 08:00 UTC in summer', () => {
    expect(atPlanTime('2024-01-15', 9, 'Europe/London').toISOString()).toBe('2024-01-15T09:00:00.000Z');
    expect(atPlanTime('2024-07-15', 9, 'Europe/London').toISOString()).toBe('2024-07-15T08:00:00.000Z');
  });

  it('handles the days the clocks change', () => {
    expect(atPlanTime('2024-03-31', 9, 'Europe/London').toISOString()).toBe('2024-03-31T08:00:00.000Z'); // spring forward at 01:00
    expect(atPlanTime('2024-10-27', 9, 'Europe/London').toISOString()).toBe('2024-10-27T09:00:00.000Z'); // fall back at 02:00
    expect(atPlanTime('2024-03-31', 1, 'Europe/London').toISOString()).toBe('2024-03-31T01:00:00.000Z'); // 01:00 does not exist: just after the gap
  });

  it('works in other time zones', () => {
    expect(atPlanTime('2024-01-15', 9, 'America/New_York').toISOString()).toBe('2024-01-15T14:00:00.000Z');
  });

  it('gives the plan date of an instant in the plan time zone', () => {
    expect(planDateOf(new Date('2024-06-30T23:30:00Z'), 'Europe/London')).toBe('2024-07-01'); // 00:30 BST
    expect(planDateOf(new Date('2024-06-30T22:59:59Z'), 'Europe/London')).toBe('2024-06-30'); // a second before midnight BST
    expect(planDateOf(new Date('2024-06-30T23:00:00Z'), 'Europe/London')).toBe('2024-07-01'); // midnight BST
    expect(planDateOf(new Date('2024-01-31T23:30:00Z'), 'Europe/London')).toBe('2024-01-31');
  });
});
