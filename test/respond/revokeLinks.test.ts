/**
 * `planpulse revoke-links` withdraws one emailed link, or all of a person's: the page then
 * says the link was withdrawn and how to get a new one, and a submit records nothing.
 */
import * as revokeLinks from '../../src/cli/commands/revokeLinks';
import { PLAN_ID, startRespondRig, type RespondRig } from './support';
import { mailedCycleLinks } from './mailedLinks';
import { formPost, hidden } from '../support/pageForms';
import { inProcessCli } from '../support/cliContext';

let rig: RespondRig;
const cycleLinks: Array<{ url: string; personId: string }> = [];

beforeAll(async () => {
  rig = await startRespondRig();
  await rig.tick('2023-10-09T08:00:00Z');
  for (const { url, link } of await mailedCycleLinks(rig)) cycleLinks.push({ url, personId: link.personId });
}, 60_000);
afterAll(() => rig?.close());

const cli = () => inProcessCli(rig.store, rig.clock);

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&rsquo;/g, '’').replace(/\s+/g, ' ');

it('withdraws one link given as the URL from the email: the page says so and how to get a new one, and a submit records nothing', async () => {
  const { url } = cycleLinks[0]!;
  const page = await fetch(url);
  expect(page.status).toBe(200);
  const listing = await page.text();
  const ref = /[?&]ref=([^"&]+)/.exec(listing)?.[1];
  const form = await (await fetch(`${url}?ref=${ref}`)).text();

  const run = cli();
  expect(await revokeLinks.run([url], run.ctx)).toBe(0);
  expect(run.out()).toContain(`in ${PLAN_ID}`);

  const withdrawn = await fetch(url);
  expect(withdrawn.status).toBe(410);
  const shown = text(await withdrawn.text());
  expect(shown).toContain('This link has been withdrawn');
  expect(shown).toContain('How to get a new link');

  const decodedRef = decodeURIComponent(ref!);
  const before = (await rig.store.updates.history(PLAN_ID, decodedRef)).length;
  const posted = await fetch(url, formPost({ ref: decodedRef, csrf: hidden(form, 'csrf'), submissionId: hidden(form, 'submissionId'), brag: 'green', narrative: 'Sent after the link was withdrawn.' }));
  expect(posted.status).toBe(410);
  expect((await rig.store.updates.history(PLAN_ID, decodedRef)).length).toBe(before);
});

it("withdraws every link of a person given their address, and leaves other people's working", async () => {
  const { personId } = cycleLinks[1]!;
  const theirs = cycleLinks.filter((l) => l.personId === personId);
  const someoneElse = cycleLinks.find((l) => l.personId !== personId && l !== cycleLinks[0])!;
  const run = cli();
  expect(await revokeLinks.run([personId.toUpperCase()], run.ctx)).toBe(0);
  expect(run.out()).toContain(`Withdrew the response links of ${personId}`);
  for (const { url } of theirs) expect((await fetch(url)).status).toBe(410);
  expect((await fetch(someoneElse.url)).status).toBe(200);
});

it('says what is wrong, and withdraws nothing, for a link it never issued or an address no plan names', async () => {
  const stranger = cli();
  expect(await revokeLinks.run(['nobody@elsewhere.example'], stranger.ctx)).toBe(1);
  expect(stranger.err()).toContain('No plan names nobody@elsewhere.example');
  const forged = cli();
  expect(await revokeLinks.run([`${rig.running.url}/respond/AAAAAAAAAAAAAAAAAAAAAA.${'B'.repeat(43)}`], forged.ctx)).toBe(1);
  expect(forged.err()).toContain('No response link matches');
});
