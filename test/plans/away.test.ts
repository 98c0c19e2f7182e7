/**
 * A lead saying they are away, as the service decides it: prompts paused until a date in
 * every plan that names them, the delegate named, a past or missing date refused, and "back"
 * ending it. The Plymouth plan in Azurite; the chat is test/bot/leadConversation.test.ts's.
 */
import path from 'node:path';
import type { Person, Plan } from '../../src/domain/model';
import { importPlan } from '../../src/import/importPlan';
import { setAway } from '../../src/plans/away';
import type { Store } from '../../src/storage/store';
import { projectRoot } from '../../src/util/projectRoot';
import { systemClock } from '../../src/domain/clock';
import { makeTestStore } from '../support/store';

const PLAN = 'plymouth-2023';
const TODAY = '2026-12-01';
let store: Store;
let plan: Plan;
const changed: string[] = [];

const deps = () => ({ store, peopleOf: (planId: string) => store.plans.peopleById(planId), changed: (planId: string) => void changed.push(planId) });

async function membership(email: string): Promise<{ plan: Plan; person: Person }> {
  const person = (await store.plans.peopleById(PLAN)).get(email);
  if (!person) throw new Error(`no person ${email}`);
  return { plan, person };
}

beforeAll(async () => {
  store = await makeTestStore();
  const imported = await importPlan(store, path.join(projectRoot(), 'fixtures', PLAN), { planId: PLAN, clock: systemClock, timeZone: 'Europe/London' });
  if (!imported.ok) throw new Error('the Plymouth plan did not import');
  plan = (await store.plans.getPlan(PLAN))!;
});

beforeEach(() => {
  changed.length = 0;
});

describe('saying you are away', () => {
  it('pauses prompts until the date and names the delegate who gets them meanwhile', async () => {
    await store.plans.modifyPerson(PLAN, 'hp@plymouth.example', (p) => ({ ...p, delegateId: 'dh@plymouth.example' }));
    const result = await setAway(deps(), [await membership('hp@plymouth.example')], { cancel: false, until: '2026-12-18', raw: '18 December 2026' }, TODAY);
    expect(result).toEqual({ kind: 'away', until: '2026-12-18', delegates: ['DCS PCC (DH)'] });
    expect((await store.plans.getPerson(PLAN, 'hp@plymouth.example'))?.value.awayUntil).toBe('2026-12-18');
    expect(changed).toEqual([PLAN]);
  });

  it('names nobody when the lead has no delegate (their chair sees it in the digest)', async () => {
    const result = await setAway(deps(), [await membership('tl@plymouth.example')], { cancel: false, until: TODAY }, TODAY);
    expect(result).toEqual({ kind: 'away', until: TODAY, delegates: [] });
  });

  it('refuses a date already past and changes nothing', async () => {
    const result = await setAway(deps(), [await membership('dh@plymouth.example')], { cancel: false, until: '2026-11-30', raw: '30 November 2026' }, TODAY);
    expect(result).toEqual({ kind: 'past', until: '2026-11-30' });
    expect((await store.plans.getPerson(PLAN, 'dh@plymouth.example'))?.value.awayUntil).toBeUndefined();
    expect(changed).toEqual([]);
  });

  it('asks for the date when it could not read one, quoting what was said', async () => {
    const result = await setAway(deps(), [await membership('dh@plymouth.example')], { cancel: false, raw: 'next blue moon' }, TODAY);
    expect(result).toEqual({ kind: 'needDate', raw: 'next blue moon' });
  });

  it('ends the absence when the lead says they are back', async () => {
    const result = await setAway(deps(), [await membership('hp@plymouth.example')], { cancel: true }, TODAY);
    expect(result).toEqual({ kind: 'back' });
    expect((await store.plans.getPerson(PLAN, 'hp@plymouth.example'))?.value.awayUntil).toBeUndefined();
    expect(changed).toEqual([PLAN]);
  });
});
