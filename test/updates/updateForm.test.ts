/**
 * Who is offered the update form: whoever may submit it (the leads and their delegates),
 * by the submit's own rule, so nobody fills in a form only to be refused. Azurite, the
 * Plymouth plan.
 */
import path from 'node:path';
import { systemClock } from '../../src/domain/clock';
import type { Action, Person } from '../../src/domain/model';
import { importPlan } from '../../src/import/importPlan';
import type { Store } from '../../src/storage/store';
import { updateFormAccess } from '../../src/updates/updateForm';
import { submitUpdate } from '../../src/updates/submitUpdate';
import { projectRoot } from '../../src/util/projectRoot';
import { makeTestStore } from '../support/store';

const PLAN = 'plymouth-2023';
let store: Store;
let action: Action;
let people: Map<string, Person>;
const person = (email: string) => people.get(email)!; // the fixture names each address used below

beforeAll(async () => {
  store = await makeTestStore();
  const imported = await importPlan(store, path.join(projectRoot(), 'fixtures', PLAN), { planId: PLAN, clock: systemClock, timeZone: 'Europe/London' });
  if (!imported.ok) throw new Error('the Plymouth plan did not import');
  await store.plans.modifyPerson(PLAN, 'hp@plymouth.example', (p) => ({ ...p, delegateId: 'tl@plymouth.example' }));
  action = (await store.plans.getAction(PLAN, '1.2'))!.value;
  people = await store.plans.peopleById(PLAN);
});

describe('the update form', () => {
  it("is offered to one of the action's leads, with no last update on a fresh action", async () => {
    expect(await updateFormAccess(store, action, person('dh@plymouth.example'), people)).toEqual({ ok: true, lastUpdate: undefined });
  });

  it("is offered to a lead's delegate", async () => {
    expect((await updateFormAccess(store, action, person('tl@plymouth.example'), people)).ok).toBe(true);
  });

  it('is refused to someone else, naming the leads, as their submit would be', async () => {
    const outsider = person('ag@plymouth.example');
    const access = await updateFormAccess(store, action, outsider, people);
    expect(access).toEqual({ ok: false, message: expect.stringMatching(/^Only the leads of action 1\.2 \(DCS PCC \(DH\), .*\) or their delegates can update it\.$/) });
    const submit = await submitUpdate({ store, clock: systemClock, timeZone: 'Europe/London' }, PLAN, outsider, { ref: '1.2', brag: 'amber', narrative: 'Framework drafted and shared with partners.', submissionId: 's-1' });
    expect(submit).toEqual({ kind: 'forbidden', message: `${access.ok ? '' : access.message} Nothing was recorded.` });
  });

  it('reads no history for the short forms, which show no last update', async () => {
    const history = jest.spyOn(store.updates, 'history');
    expect(await updateFormAccess(store, action, person('dh@plymouth.example'), people, 'short')).toEqual({ ok: true });
    expect(history).not.toHaveBeenCalled();
    history.mockRestore();
    expect((await updateFormAccess(store, action, person('ag@plymouth.example'), people, 'short')).ok).toBe(false);
  });

  it('shows the latest update once there is one', async () => {
    const submit = await submitUpdate({ store, clock: systemClock, timeZone: 'Europe/London' }, PLAN, person('dh@plymouth.example'), { ref: '1.2', brag: 'red', narrative: 'Framework drafted and shared with partners.', submissionId: 's-2' });
    expect(submit.kind).toBe('recorded');
    const access = await updateFormAccess(store, action, person('hp@plymouth.example'), people);
    expect(access).toMatchObject({ ok: true, lastUpdate: { narrative: 'Framework drafted and shared with partners.', authorId: 'dh@plymouth.example' } });
  });
});
