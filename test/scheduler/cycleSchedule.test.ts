import { cycleSchedule, currentMeeting, dueStep } from '../../src/scheduler/cycleSchedule';
import { chasePeriodStart } from '../../src/scheduler/chasing';
import { DEFAULT_PLAN_SETTINGS } from '../../src/domain/model';

const tz = 'Europe/London';

describe('cycle schedule', () => {
  it('opens five working days before the meeting, reminds two before, last-calls one before, closes on the day', () => {
    const s = cycleSchedule('2024-01-16', DEFAULT_PLAN_SETTINGS, tz);
    expect(s.dates).toEqual({ open: '2024-01-09', reminder: '2024-01-12', lastCall: '2024-01-15', close: '2024-01-16' });
    expect(s.at.open.toISOString()).toBe('2024-01-09T09:00:00.000Z');
  });

  it('moves every step off the Christmas bank holidays', () => {
    // The governance group's fifth meeting falls on Boxing Day 2023.
    const s = cycleSchedule('2023-12-26', DEFAULT_PLAN_SETTINGS, tz);
    expect(s.dates).toEqual({ open: '2023-12-15', reminder: '2023-12-20', lastCall: '2023-12-21', close: '2023-12-22' });
  });

  it('sends at 09:00 plan time across the change to summer time', () => {
    const s = cycleSchedule('2024-04-02', DEFAULT_PLAN_SETTINGS, tz);
    expect(s.dates.open).toBe('2024-03-22');
    expect(s.at.open.toISOString()).toBe('2024-03-22T09:00:00.000Z');
    expect(s.at.close.toISOString()).toBe('2024-04-02T08:00:00.000Z');
  });

  it('rolls the meeting forward by the cadence once a meeting has closed', () => {
    const settings = DEFAULT_PLAN_SETTINGS;
    // Meetings 2023-10-03 + 21k: … 2023-12-05, 2023-12-26, 2024-01-16.
    expect(currentMeeting('2023-10-03', 21, new Date('2023-12-05T08:59:00Z'), '2023-12-05', settings, tz)).toBe('2023-12-05');
    expect(currentMeeting('2023-10-03', 21, new Date('2023-12-05T09:00:00Z'), '2023-12-05', settings, tz)).toBe('2023-12-26');
    expect(currentMeeting('2023-10-03', 21, new Date('2023-12-22T09:00:00Z'), '2023-12-22', settings, tz)).toBe('2024-01-16');
    expect(currentMeeting('2024-06-01', 21, new Date('2023-12-22T09:00:00Z'), '2023-12-22', settings, tz)).toBe('2024-06-01');
  });

  it('names the latest step that is due', () => {
    const s = cycleSchedule('2024-01-16', DEFAULT_PLAN_SETTINGS, tz);
    expect(dueStep(s, new Date('2024-01-09T08:59:00Z'))).toBeUndefined();
    expect(dueStep(s, new Date('2024-01-09T09:00:00Z'))).toBe('open');
    expect(dueStep(s, new Date('2024-01-13T12:00:00Z'))).toBe('reminder');
    expect(dueStep(s, new Date('2024-01-15T09:00:00Z'))).toBe('lastCall');
  });

  it('counts weekly chase periods from Mondays', () => {
    expect(chasePeriodStart('2024-01-10', 7)).toBe('2024-01-08');
    expect(chasePeriodStart('2023-12-31', 7)).toBe('2023-12-25');
    expect(chasePeriodStart('2024-01-08', 7)).toBe('2024-01-08');
  });
});
