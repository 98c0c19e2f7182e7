/**
 * The Plymouth plan with its governance table after two months of real updates and decisions,
 * for the browser tests that render the group and board cards: October's cycles rate ten actions
 * amber and snapshot every group; in November two actions fall to red (one asking for escalation,
 * one proposing a revised date), two are completed and one is confirmed blue. The clock ends on
 * 5 Dec 2023, the Strategic Delivery Group's meeting day.
 */
import { fixedClock } from '../../src/domain/clock';
import { decideBlue } from '../../src/decisions/blueDecisions';
import { snapshotOf } from '../../src/facts/group';
import type { ReportingDeps } from '../../src/reporting/reports';
import type { Store } from '../../src/storage/store';
import { submitUpdate } from '../../src/updates/submitUpdate';
import { importGovernancePlan, PLAN_ID } from '../governance/fixture';

export { PLAN_ID };
export const SSDG = 'send-strategic-delivery-group-ssdg';
export const BOARD = 'local-area-send-improvement-board';

export interface GovernanceScenario {
  store: Store;
  clock: ReturnType<typeof fixedClock>;
  deps(): ReportingDeps;
}

export async function governanceScenario(): Promise<GovernanceScenario> {
  const clock = fixedClock('2023-10-20T10:00:00Z');
  const { store, people, groups } = await importGovernancePlan();
  const ctx = { store, clock, timeZone: 'Europe/London' };
  const update = async (ref: string, lead: string, fields: Record<string, unknown>) => {
    clock.advance(3_600_000);
    const result = await submitUpdate(ctx, PLAN_ID, people.get(lead)!, { ref, submissionId: `${ref}-${clock.now().toISOString()}`, ...fields });
    if (result.kind !== 'recorded') throw new Error(`${ref}: ${JSON.stringify(result)}`);
    return result.update;
  };

  // October's cycles: the leads rate their actions; each group's snapshot is taken at its meeting.
  for (const [ref, lead] of [['1.1', 'dh'], ['1.2', 'dh'], ['2.1', 'ag'], ['2.2', 'ap'], ['3.1', 'mm'], ['5.1', 'fg'], ['5.2', 'fg'], ['7.2', 'hp'], ['7.3', 'hp'], ['6.1', 'ap']] as const) {
    const action = (await store.plans.getAction(PLAN_ID, ref))!.value;
    const leadId = action.leadIds.find((id) => id.startsWith(`${lead}@`)) ?? action.leadIds[0]!;
    await update(ref, leadId, { brag: 'amber', narrative: 'Work under way as planned; the task and finish group reviewed it.', evidence: 'minutes' });
  }
  for (const g of groups.filter((x) => x.kind === 'taskAndFinish')) {
    await store.snapshots.save(snapshotOf(PLAN_ID, g.id, '2023-10-20', clock.now().toISOString(), await store.plans.listActionsOfGroup(PLAN_ID, g.id)));
  }

  // November: two actions fall to red with blockers and an ask, two are completed, one confirmed blue.
  clock.set('2023-11-20T10:00:00Z');
  await update('1.2', 'dh@plymouth.example', {
    brag: 'red',
    narrative: 'The partnership framework is drafted but the ICB and schools have not agreed the accountability section.',
    blockers: 'No agreed owner for the schools strand since the PBWG lead left in October.',
    escalate: 'true',
  });
  await update('7.2', 'hp@plymouth.example', {
    brag: 'red',
    narrative: 'Waiting lists for the neurodevelopmental pathway grew again in October.',
    blockers: 'Two paediatrician vacancies; the locum contract ends in December.',
    revisedDue: '2024-06-28',
  });
  await update('5.1', 'fg@plymouth.example', { brag: 'green', narrative: 'The quality assurance framework is signed off and in use by the team.', evidence: 'review' });
  await update('3.1', 'mm@plymouth.example', { brag: 'green', narrative: 'Inclusion training delivered to every secondary school SENCo.', evidence: 'data,surveys' });
  const blue = await update('2.1', 'ag@plymouth.example', {
    brag: 'blue',
    narrative: 'The early help pathway has been in use for two terms; the audit found it followed in every case.',
    evidence: 'audit,voice',
  });
  clock.advance(86_400_000);
  const confirmed = await decideBlue(store, clock, { planId: PLAN_ID, ref: '2.1', updateId: blue.id, outcome: 'confirmed', decider: people.get('dh@plymouth.example'), groups, people, timeZone: 'Europe/London' });
  if (confirmed.kind !== 'decided') throw new Error(JSON.stringify(confirmed));
  clock.set('2023-12-05T09:00:00Z');
  return { store, clock, deps: () => ({ store, clock, timeZone: 'Europe/London' }) };
}
