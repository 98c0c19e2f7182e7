/**
 * Chairs stay in Teams, but a chair Teams cannot reach gets the digest by email, with a link
 * to a page where they approve or reject a proposed date and acknowledge an escalation.
 */
import { PLAN_ID, startRespondRig, type RespondRig } from './support';
import { decideLinkOf, mailedCycleLinks, oneMailInTick } from './mailedLinks';
import { formPost, hidden, pageText } from '../support/pageForms';

let rig: RespondRig;
afterAll(() => rig?.close());


it('emails the digest to a chair outside Teams, whose link decides a date and acknowledges an escalation', async () => {
  rig = await startRespondRig();
  await rig.tick('2023-10-09T08:00:00Z');

  // A lead (not the group's chair) proposes a later date and asks to escalate, from their emailed link.
  const groups = await rig.store.plans.listGroups(PLAN_ID);
  let chosen: { url: string; ref: string; meetingDate: string; chairId: string } | undefined;
  for (const { url, link } of await mailedCycleLinks(rig)) {
    const group = groups.find((g) => g.id === link.groupId)!;
    const actions = await rig.store.plans.listActionsOfGroup(PLAN_ID, group.id);
    const action = actions.find((a) => link.refs.includes(a.ref) && !a.leadIds.includes(group.chairId) && a.leadIds.includes(link.personId));
    if (action && group.chairId !== link.personId) {
      chosen = { url, ref: action.ref, meetingDate: link.meetingDate!, chairId: group.chairId };
      break;
    }
  }
  if (!chosen) throw new Error('The fixture should have a lead whose chair is someone else.');
  const page = await (await fetch(`${chosen.url}?ref=${encodeURIComponent(chosen.ref)}`)).text();
  const sent = await fetch(
    chosen.url,
    formPost({ ref: chosen.ref, csrf: hidden(page, 'csrf'), submissionId: hidden(page, 'submissionId'), brag: 'red', narrative: 'The provider withdrew; a new one is being commissioned.', escalate: 'true', 'revisedDue-day': '28', 'revisedDue-month': '6', 'revisedDue-year': '2024' }),
  );
  expect(sent.status).toBe(303);
  expect((await rig.store.escalations.listOpen(PLAN_ID)).some((e) => e.ref === chosen!.ref && e.cause === 'leadRequest')).toBe(true);

  // The meeting comes: the cycle closes and the chair's digest goes out by email.
  // One mail to the chair in the tick: the digest alone, or with whatever else they have to hear that day.
  const digest = await oneMailInTick(rig, `${chosen.meetingDate}T12:00:00Z`, chosen.chairId);
  expect(`${digest.parsed.subject}\n${digest.parsed.text}`).toMatch(/a revised date to decide and an escalation to acknowledge/);
  expect(digest.parsed.text).toMatch(/^Decide: https?:\/\/\S+\/respond\//m);
  expect(digest.parsed.text).toContain(`${chosen.ref} `);

  // The chair opens the link and decides.
  const link = decideLinkOf(digest)!;
  const decisions = await (await fetch(link)).text();
  expect(pageText(decisions)).toContain('Revised completion dates');
  expect(pageText(decisions)).toContain('Approve 28 Jun 2024 for');
  const csrf = hidden(decisions, 'csrf');
  const approve = await fetch(link, formPost({ csrf, decision: 'date', ref: chosen.ref, updateId: hidden(decisions, 'updateId'), outcome: 'approved' }));
  expect(approve.status).toBe(303);
  const escalationId = hidden(decisions, 'escalationId');
  const ack = await fetch(link, formPost({ csrf, decision: 'acknowledge', escalationId }));
  expect(ack.status).toBe(303);
  const after = await (await fetch(new URL(ack.headers.get('location')!, link))).text();
  expect(pageText(after)).toContain(`You acknowledged the escalation of action ${chosen.ref}.`);

  expect((await rig.store.plans.getAction(PLAN_ID, chosen.ref))!.value.due).toBe('2024-06-28');
  expect((await rig.store.escalations.get(PLAN_ID, escalationId))!.value).toMatchObject({ state: 'acknowledged', acknowledgedBy: chosen.chairId });

  // A forged decision without the form's token changes nothing.
  const forged = await fetch(link, formPost({ csrf: 'x', decision: 'date', ref: chosen.ref, updateId: 'u', outcome: 'rejected' }));
  expect(forged.status).toBe(403);
});
