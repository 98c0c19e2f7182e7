/**
 * The decisions page of a chair outside Teams, in a real browser: from the emailed digest the
 * chair confirms a proposed blue (a decline needs a note, shown beside it when missing) and
 * resolves an escalation with a note; a form sent twice decides once; a forged form and a
 * decision the digest did not ask for change nothing; axe-core finds no serious or critical
 * WCAG 2.2 AA violation on the page or its error state.
 */
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { PLAN_ID, startRespondRig, type RespondRig } from './support';
import { decideLinkOf, mailedCycleLinks, oneMailInTick } from './mailedLinks';
import { newResponsePage } from './browserRig';
import { seriousViolations } from '../support/axe';
import { formPost, hidden } from '../support/pageForms';


let rig: RespondRig;
let browser: Browser;
afterAll(async () => {
  await browser?.close();
  await rig?.close();
});

it('lets a chair outside Teams confirm a blue and resolve an escalation from the emailed page, once, and passes axe', async () => {
  rig = await startRespondRig();
  await rig.tick('2023-10-09T08:00:00Z');

  // A lead (not the group's chair) with two actions in the group: one proposed blue, one escalated.
  const groups = await rig.store.plans.listGroups(PLAN_ID);
  let chosen: { url: string; refs: [string, string]; meetingDate: string; chairId: string; leadId: string } | undefined;
  for (const { url, link } of await mailedCycleLinks(rig)) {
    const group = groups.find((g) => g.id === link.groupId)!;
    if (group.chairId === link.personId) continue;
    const mine = (await rig.store.plans.listActionsOfGroup(PLAN_ID, group.id)).filter(
      (a) => link.refs.includes(a.ref) && a.leadIds.includes(link.personId) && !a.leadIds.includes(group.chairId),
    );
    if (mine.length >= 2) {
      chosen = { url, refs: [mine[0]!.ref, mine[1]!.ref], meetingDate: link.meetingDate!, chairId: group.chairId, leadId: link.personId };
      break;
    }
  }
  if (!chosen) throw new Error('The fixture should have a lead with two actions whose chair is someone else.');
  const [blueRef, redRef] = chosen.refs;
  const submit = async (ref: string, fields: Record<string, string | string[]>) => {
    const page = await (await fetch(`${chosen!.url}?ref=${encodeURIComponent(ref)}`)).text();
    const sent = await fetch(chosen!.url, formPost({ ref, csrf: hidden(page, 'csrf'), submissionId: hidden(page, 'submissionId'), ...fields }));
    expect(sent.status).toBe(303);
  };
  await submit(blueRef, { brag: 'blue', narrative: 'Every school now runs the new graduated response; the audit in September showed it embedded.', evidence: ['audit', 'minutes'] });
  await submit(redRef, { brag: 'red', narrative: 'The provider withdrew; a new one is being commissioned and needs the board.', escalate: 'true' });
  expect((await rig.store.plans.getAction(PLAN_ID, blueRef))!.value.blueProposal).toBeDefined();
  const escalation = (await rig.store.escalations.listOpen(PLAN_ID)).find((e) => e.ref === redRef && e.cause === 'leadRequest')!;
  expect(escalation).toBeDefined();

  // The meeting: the chair's digest goes out by email and names what waits.
  // One mail to the chair in the tick: the digest alone, or with whatever else they have to hear that day.
  const digest = await oneMailInTick(rig, `${chosen.meetingDate}T12:00:00Z`, chosen.chairId);
  expect(`${digest.parsed.subject}\n${digest.parsed.text}`).toMatch(/a blue to confirm/);
  expect(digest.parsed.text).toContain(`${blueRef} `);
  const link = decideLinkOf(digest)!;
  const opened = await (await fetch(link)).text();
  const csrf = hidden(opened, 'csrf');
  const proposalId = hidden(opened.slice(opened.indexOf('name="decision" value="blue"')), 'updateId');

  browser = await launchChromium();
  const page = await newResponsePage(browser);
  await page.goto(link);
  expect(await page.getByRole('heading', { level: 2, name: 'Proposed blue: complete and embedded' }).count()).toBe(1);
  expect(await seriousViolations(page)).toEqual([]);

  // "Not yet" without a note: the page again, the error in a summary and beside the note.
  await page.getByRole('button', { name: `Not yet: keep ${blueRef} green` }).click();
  expect(await page.title()).toMatch(/^Error: /);
  expect(await page.locator('.govuk-error-summary').innerText()).toContain('write a short note');
  expect(await page.locator('.govuk-error-message').innerText()).toContain('write a short note');
  expect(await seriousViolations(page)).toEqual([]);
  expect((await rig.store.plans.getAction(PLAN_ID, blueRef))!.value.blueProposal).toBeDefined();

  await page.getByRole('button', { name: `Confirm blue for ${blueRef}` }).click();
  expect(await page.locator('.govuk-notification-banner').innerText()).toContain(`Action ${blueRef} is blue`);
  expect((await rig.store.plans.getAction(PLAN_ID, blueRef))!.value.brag).toBe('blue');

  await page.getByLabel(`How was the escalation of ${redRef} resolved?`).fill('The board agreed interim funding while the service is recommissioned.');
  await page.getByRole('button', { name: `Resolve the escalation of ${redRef}` }).click();
  expect(await page.locator('.govuk-notification-banner').innerText()).toContain(`You resolved the escalation of action ${redRef}.`);
  expect(await seriousViolations(page)).toEqual([]);
  expect((await rig.store.escalations.get(PLAN_ID, escalation.id))!.value).toMatchObject({
    state: 'resolved',
    resolvedBy: chosen.chairId,
    resolutionNote: 'The board agreed interim funding while the service is recommissioned.',
  });
  await page.close();

  // The same forms sent again decide nothing new and answer as before.
  expect(await (await fetch(link)).text()).toContain('Nothing from your digest is waiting for a decision now.');
  const historyBefore = (await rig.store.updates.history(PLAN_ID, blueRef)).length;
  const again = await fetch(link, formPost({ csrf, decision: 'blue', ref: blueRef, updateId: proposalId, outcome: 'confirmed' }));
  expect({ status: again.status, text: again.status === 303 ? '' : await again.text() }).toMatchObject({ status: 303 });
  expect(again.headers.get('location')).toContain('notice=confirmed');
  const resolvedAgain = await fetch(link, formPost({ csrf, decision: 'resolve', escalationId: escalation.id, note: 'Sent twice.' }));
  expect(resolvedAgain.status).toBe(303);
  expect((await rig.store.updates.history(PLAN_ID, blueRef)).length).toBe(historyBefore);
  expect((await rig.store.escalations.get(PLAN_ID, escalation.id))!.value.resolutionNote).toBe('The board agreed interim funding while the service is recommissioned.');

  // A forged form, and a decision on something the digest did not list, change nothing.
  expect((await fetch(link, formPost({ csrf: 'forged', decision: 'resolve', escalationId: escalation.id, note: 'x' }))).status).toBe(403);
  const unlisted = (await rig.store.plans.listActionsOfGroup(PLAN_ID, groups.find((g) => g.chairId === chosen!.chairId)!.id)).find((a) => a.ref !== blueRef && a.ref !== redRef)!;
  const refused = await fetch(link, formPost({ csrf, decision: 'blue', ref: unlisted.ref, updateId: 'u', outcome: 'confirmed' }));
  expect(refused.status).toBe(404);
  expect((await rig.store.plans.getAction(PLAN_ID, unlisted.ref))!.value.brag).toBe(unlisted.brag);
}, 120_000);
