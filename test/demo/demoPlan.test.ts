import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { demoShift, writeDemoPlan } from '../../app/demoPlan';
import { importPlan } from '../../src/import';
import { fixedClock } from '../../src/domain/clock';
import { makeTestStore } from '../support/store';

describe('the demo plan', () => {
  it('moves the plan so it started three months ago and the first meeting is days away, on its weekday', () => {
    const shift = demoShift('2026-11-27');
    expect(shift.months).toBe(36);
    const first = new Date(Date.parse('2023-10-03T00:00:00Z') + shift.days * 86400000);
    const daysAway = (first.getTime() - Date.parse('2026-11-27T00:00:00Z')) / 86400000;
    expect(daysAway).toBeGreaterThanOrEqual(4);
    expect(daysAway).toBeLessThanOrEqual(10);
    expect(first.getUTCDay()).toBe(2); // a Tuesday, as in the plan
  });

  it('imports with every action and group, looking live on the given day', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-'));
    writeDemoPlan(path.join(__dirname, '../../fixtures/plymouth-2023'), dir, '2026-11-27');
    const store = await makeTestStore();
    const result = await importPlan(store, dir, { timeZone: 'Europe/London', planId: 'demo', clock: fixedClock('2026-11-27T09:00:00Z') });
    expect(result.ok).toBe(true);
    const actions = await store.plans.listActions('demo');
    expect(actions).toHaveLength(76);
    const overdue = actions.filter((a) => a.due && a.due < '2026-11-27' && a.brag !== 'green' && a.brag !== 'blue');
    expect(overdue.length).toBeGreaterThan(0);
    const groups = await store.plans.listGroups('demo');
    expect(groups.every((g) => g.nextMeeting >= '2026-11-27')).toBe(true);
  });
});
