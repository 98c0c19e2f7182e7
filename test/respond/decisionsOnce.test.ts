/**
 * A chair's decisions page, opened from the Decide link of their one mail of the tick, lists each
 * escalation sent to them once. After a long gap an action can pass both overdue thresholds in one
 * tick; when its group's chair leads it, both escalations would reach the same board.
 */
import { PLAN_ID, startRespondRig, type RespondRig } from './support';
import { formPost, hidden } from '../support/pageForms';
import { decideLinkOf } from './mailedLinks';

jest.setTimeout(120_000);

let rig: RespondRig;
const decideLinks = () => rig.smtp.received.map(decideLinkOf).filter((u): u is string => !!u);
beforeAll(async () => {
  rig = await startRespondRig();
  await rig.tick('2024-02-01T09:00:00Z');
});
afterAll(async () => rig?.close());

it("lists each escalation on a chair's decisions page once, and only those sent to them", async () => {
  const pages: string[] = [];
  for (const url of decideLinks()) pages.push(await (await fetch(url)).text());
  expect(pages.length).toBeGreaterThan(0);
  const headings = pages.map((html) => [...html.matchAll(/<h3 class="govuk-summary-card__title">([^<]*raised to[^<]*)<\/h3>/g)].map((m) => m[1]));
  expect(headings.flat().length).toBeGreaterThan(0);
  // One heading per action, cause and place it was raised to: "Action 5.1: Overdue, raised to …".
  for (const list of headings) expect(list).toEqual([...new Set(list)]);
});

it('acknowledges both of such a pair when the chair acknowledges the one the page shows', async () => {
  const open = await rig.store.escalations.listOpen(PLAN_ID);
  const twinsOf = (id: string) => {
    const e = open.find((o) => o.id === id)!;
    return open.filter((o) => o.ref === e.ref && o.cause === e.cause && o.targetGroupId === e.targetGroupId);
  };
  for (const url of decideLinks()) {
    const html = await (await fetch(url)).text();
    const id = [...html.matchAll(/name="escalationId" value="([^"]+)"/g)].map((m) => m[1]!).find((i) => twinsOf(i).length === 2);
    if (!id) continue;
    const res = await fetch(url, formPost({ csrf: hidden(html, 'csrf'), decision: 'acknowledge', escalationId: id }));
    expect(res.status).toBe(303);
    const ids = new Set(twinsOf(id).map((e) => e.id));
    const after = (await rig.store.escalations.listOpen(PLAN_ID)).filter((e) => ids.has(e.id));
    expect(after.map((e) => e.state)).toEqual(['acknowledged', 'acknowledged']);
    return;
  }
  throw new Error('No decisions page shows an escalation with a twin.');
});
