/**
 * The emailed link in a real browser: headless Chromium opens the link a lead received by
 * SMTP, fills the form by its labels and sends it; the update is then in the store. axe-core
 * checks the page and its error state against WCAG 2.2 AA; the email itself is rendered too.
 * Screenshots land in test-output/respond (the README's come from there).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { PLAN_ID, startRespondRig, type RespondRig } from './support';
import { mailedCycleLinks } from './mailedLinks';
import { newResponsePage } from './browserRig';
import { seriousViolations } from '../support/axe';

const OUT = path.join(__dirname, '../../test-output/respond');
let rig: RespondRig;
/** Leads' prompts for one group's meeting (other mail may combine several notices). */
const cyclePrompts: ReturnType<typeof rig.smtp.received.slice> = [];
const prompts = () => cyclePrompts;
let browser: Browser;

beforeAll(async () => {
  fs.mkdirSync(OUT, { recursive: true });
  rig = await startRespondRig();
  await rig.tick('2023-10-09T08:00:00Z');
  for (const { mail: m } of await mailedCycleLinks(rig)) {
    // A lead's prompt: a chair's mail that also carries their digest (with or without a Decide link) reads differently.
    const lead = /^Update needed by /.test(m.parsed.subject ?? '') && !/your digest as chair/.test(m.parsed.subject ?? '') && !/^Decide: /m.test(m.parsed.text ?? '');
    if (lead) cyclePrompts.push(m);
  }
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await rig?.close();
});

const newPage = () => newResponsePage(browser);

describe('a lead outside Teams answers from the emailed link', () => {
  it('opens the link, fills the form by its labels, sends it, and the update is in the store', async () => {
    const mail = prompts()[0]!;
    const page = await newPage();
    await page.goto(rig.linkOf(mail));
    if (!(await page.getByRole('button', { name: 'Send update' }).count())) {
      await page.locator('.govuk-task-list__link').first().click();
    }
    const ref = await page.locator('input[name="ref"]').inputValue();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(OUT, 'respond-form.png'), fullPage: true });

    await page.getByLabel('Amber').check();
    await page.getByLabel('Progress since the last update').fill('The new panel met twice; the first decisions are due next month.');
    await page.getByLabel('Data').check();
    await page.getByLabel('Minutes').check();
    await page.getByLabel('How were children, young people and families involved?').fill('The parent carer forum reviewed the draft terms of reference.');
    await page.getByLabel('Blockers or risks').fill('Two vacancies in the team.');
    await page.getByLabel('Day').fill('30');
    await page.getByLabel('Month').fill('4');
    await page.getByLabel('Year').fill('2024');
    await page.getByRole('button', { name: 'Send update' }).click();

    await expect(page.getByRole('heading', { name: 'Update recorded' }).isVisible()).resolves.toBe(true);
    await page.screenshot({ path: path.join(OUT, 'respond-confirmation.png'), fullPage: true });
    const [latest] = await rig.store.updates.history(PLAN_ID, ref);
    expect(latest).toMatchObject({
      brag: 'amber',
      narrative: 'The new panel met twice; the first decisions are due next month.',
      evidence: ['data', 'minutes'],
      voice: 'The parent carer forum reviewed the draft terms of reference.',
      blockers: 'Two vacancies in the team.',
      revisedDue: '2024-04-30',
      authorId: mail.envelopeTo[0],
    });
    await page.close();
  });

  it('shows errors in a summary and beside each field, keeps the values, and passes axe in that state', async () => {
    const mail = prompts()[prompts().length - 1]!;
    const page = await newPage();
    await page.goto(rig.linkOf(mail));
    if (!(await page.getByRole('button', { name: 'Send update' }).count())) {
      await page.locator('.govuk-task-list__link').first().click();
    }
    await page.getByLabel('Progress since the last update').fill('Too short');
    await page.getByRole('button', { name: 'Send update' }).click();

    const summary = page.locator('.govuk-error-summary');
    await expect(summary.isVisible()).resolves.toBe(true);
    expect(await summary.innerText()).toContain('Choose a BRAG rating');
    expect(await page.locator('#narrative-error').innerText()).toContain('characters long');
    expect(await page.getByLabel('Progress since the last update').inputValue()).toBe('Too short');
    expect(await page.title()).toMatch(/^Error: /);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(OUT, 'respond-errors.png'), fullPage: true });

    // On a phone: nothing wider than the screen.
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: path.join(OUT, 'respond-phone.png') });
    await page.close();
  });

  it('renders the email’s HTML legibly in a browser', async () => {
    const mail = prompts()[0]!;
    const page = await browser.newPage({ viewport: { width: 700, height: 900 }, locale: 'en-GB' });
    await page.setContent(String(mail.parsed.html));
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toMatch(/time for your update/);
    expect(await page.getByRole('link', { name: 'Give your update' }).getAttribute('href')).toBe(rig.linkOf(mail));
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(OUT, 'email-prompt.png'), fullPage: true });
    await page.close();
  });
});
