/**
 * Leads outside Teams take the same road to blue by email: the embedding question comes in their
 * mail with a link to the response page, where they rate the action blue with evidence; what the
 * chair decided comes by mail at the next tick, with a link to update the action again when the
 * chair said "not yet". A chair reached by email confirms a blue on the decisions page.
 */
import { fixedClock } from '../../src/domain/clock';
import { decideBlue } from '../../src/decisions/blueDecisions';
import { setPlanSetting } from '../../src/plans/planAdmin';
import { submitUpdate } from '../../src/updates/submitUpdate';
import { oneMailInTick } from '../respond/mailedLinks';
import { PLAN_ID, startRespondRig, type RespondRig } from '../respond/support';
import { formPost, hidden, pageText } from '../support/pageForms';

jest.setTimeout(240_000);

const FG = 'fg@plymouth.example';
const ND = 'nd@plymouth.example';
const REF = '5.1';


let rig: RespondRig;
afterAll(() => rig?.close());

it('asks a lead outside Teams by email whether a green action is embedded, and records their blue from the page', async () => {
  rig = await startRespondRig();
  expect((await setPlanSetting(rig.store, PLAN_ID, 'embeddingEveryCycles', '1')).outcome).toBe('changed');
  const people = await rig.store.plans.peopleById(PLAN_ID);
  const green = await submitUpdate({ store: rig.store, clock: fixedClock('2023-10-09T10:00:00Z'), timeZone: 'Europe/London' }, PLAN_ID, people.get(FG)!, {
    ref: REF,
    brag: 'green',
    narrative: "The quality assurance framework for the Children's Disability Team is signed off and in use.",
    submissionId: 'fg-green',
  });
  expect(green.kind).toBe('recorded');

  // The group's cycle for its 1 November meeting opens on 25 October.
  const mail = await oneMailInTick(rig, '2023-10-25T08:00:00Z', FG);
  expect(mail.parsed.text).toContain("Social Care and Children's Disability Team: is it embedded?");
  expect(mail.parsed.text).toContain(`${REF}  `);

  const link = rig.linkOf(mail);
  const page = await (await fetch(`${link}?ref=${REF}`)).text();
  expect(pageText(page)).toContain('Blue');
  const sent = await fetch(
    link,
    formPost({
      ref: REF,
      csrf: hidden(page, 'csrf'),
      submissionId: hidden(page, 'submissionId'),
      brag: 'blue',
      narrative: 'Two audit rounds since sign-off found the framework applied in every case file.',
      evidence: ['audit', 'voice'],
    }),
  );
  expect(sent.status).toBe(303);
  const action = (await rig.store.plans.getAction(PLAN_ID, REF))!.value;
  expect(action).toMatchObject({ brag: 'green', blueProposal: { by: FG } });
});

it('tells the lead by email at the next tick that the chair has not confirmed blue yet, with the note and a link to update it', async () => {
  const people = await rig.store.plans.peopleById(PLAN_ID);
  const groups = await rig.store.plans.listGroups(PLAN_ID);
  const updateId = (await rig.store.plans.getAction(PLAN_ID, REF))!.value.blueProposal!.updateId;
  const note = 'Please add the case file audit from the autumn term.';
  const decided = await decideBlue(rig.store, fixedClock('2023-10-25T14:00:00Z'), { planId: PLAN_ID, ref: REF, updateId, outcome: 'declined', note, decider: people.get(ND), groups, people, timeZone: 'Europe/London' });
  expect(decided.kind).toBe('decided');
  // Nothing goes out between ticks: the lead hears at the next one, in its one mail to them.
  expect(rig.smtp.received.filter((m) => m.envelopeTo[0] === FG && /blue/i.test(m.parsed.text ?? '') && m.parsed.text!.includes(note))).toHaveLength(0);

  const mail = await oneMailInTick(rig, '2023-10-26T08:00:00Z', FG);
  expect(mail.parsed.text).toContain('A chair decided on your blue');
  expect(mail.parsed.text).toContain(`has not confirmed blue yet (25 Oct 2023), so the action stays green. Their note: ${note}`);
  const page = await (await fetch(`${rig.linkOf(mail)}?ref=${REF}`)).text();
  expect(page).toContain('name="brag"');

  // A later tick does not tell them again.
  const after = rig.smtp.received.length;
  await rig.tick('2023-10-27T08:00:00Z');
  expect(rig.smtp.received.slice(after).filter((m) => (m.parsed.text ?? '').includes('A chair decided on your blue'))).toHaveLength(0);
});
