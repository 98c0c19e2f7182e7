/**
 * The response link over HTTP: what it opens, what it refuses (tampered, expired, withdrawn,
 * replayed, forged from another site, hammered), and that refusing records nothing.
 */
import { hashToken } from '../../src/respond/links';
import { setPlanState } from '../../src/plans/planAdmin';
import { forgetPlan } from '../../src/storage/cachedReads';
import { PLAN_ID, startRespondRig, type RespondRig } from './support';
import { mailedCycleLinks } from './mailedLinks';
import { formPost, hidden } from '../support/pageForms';

let rig: RespondRig;
let link: string;
let personId: string;

beforeAll(async () => {
  rig = await startRespondRig();
  await rig.tick('2023-10-09T08:00:00Z');
  for (const { mail } of await mailedCycleLinks(rig)) cyclePrompts.push(mail);
  const mail = prompts()[0]!;
  link = rig.linkOf(mail);
  personId = mail.envelopeTo[0]!;
});
afterAll(() => rig.close());

/** Leads' prompts whose link opens one group's meeting (mail may also combine several notices into one). */
const cyclePrompts: ReturnType<typeof rig.smtp.received.slice> = [];
const prompts = () => cyclePrompts;
const get = (url: string) => fetch(url, { redirect: 'manual' });
const post = (url: string, form: Record<string, string | string[]>) => fetch(url, formPost(form));
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

/** The form for the link's first action, with its hidden fields. */
async function openForm(url = link): Promise<{ ref: string; csrf: string; submissionId: string; html: string }> {
  let html = await (await get(url)).text();
  if (!html.includes('name="csrf"')) {
    const first = /href="(\/respond\/[^"]+\?ref=[^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&');
    html = await (await get(new URL(first, url).toString())).text();
  }
  return { ref: hidden(html, 'ref'), csrf: hidden(html, 'csrf'), submissionId: hidden(html, 'submissionId'), html };
}

const history = (ref: string) => rig.store.updates.history(PLAN_ID, ref);

describe('a response link from an email', () => {
  it('opens the person’s actions with a strict Content-Security-Policy and no referrer', async () => {
    const res = await get(link);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('content-security-policy')).toContain("form-action 'self'");
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const page = text(await res.text());
    expect(page).toMatch(/Update on action|Your actions for the meeting on \d{1,2} [A-Z][a-z]{2} 20\d\d/);
  });

  it('records an update once, however often the same form is sent', async () => {
    const form = await openForm();
    const before = (await history(form.ref)).length;
    const fields = {
      ref: form.ref,
      csrf: form.csrf,
      submissionId: form.submissionId,
      brag: 'amber',
      narrative: 'Recruitment to the new posts is under way; two of three appointed.',
      evidence: ['data', 'minutes'],
    };
    const first = await post(link, fields);
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toContain(`?done=${encodeURIComponent(form.ref)}`);
    const again = await post(link, fields);
    expect(again.status).toBe(303);
    const after = await history(form.ref);
    expect(after.length).toBe(before + 1);
    expect(after[0]).toMatchObject({ brag: 'amber', evidence: ['data', 'minutes'], authorId: personId });
    const confirmation = text(await (await get(new URL(first.headers.get('location')!, link).toString())).text());
    expect(confirmation).toContain('Update recorded');
    // The action's form, opened again at once, shows the rating just given.
    const reopened = text(await (await get(`${link}?ref=${encodeURIComponent(form.ref)}`)).text());
    expect(reopened).toContain('Current rating: Amber');
  });

  it('asks before recording text that looks like a date of birth, and records it once the lead confirms it identifies no one', async () => {
    const form = await openForm();
    const before = (await history(form.ref)).length;
    const narrative = 'The panel reviewed the case of a pupil born 03/04/2015 and agreed the next steps with the school.';
    const fields = { ref: form.ref, csrf: form.csrf, submissionId: form.submissionId, brag: 'red', narrative, evidence: ['review'] };
    const refused = await post(link, fields);
    expect(refused.status).toBe(400);
    const page = text(await refused.text());
    expect(page).toContain('There is a problem');
    expect(page).toContain('looks like a date of birth');
    expect(page).toContain('I have checked: this identifies no child or family');
    expect((await history(form.ref)).length).toBe(before);
    const confirmed = await post(link, { ...fields, personalDataChecked: 'true' });
    expect(confirmed.status).toBe(303);
    expect((await history(form.ref)).length).toBe(before + 1);
  });

  it('shows the form again with each error beside its field and in a summary, keeping what was typed', async () => {
    const form = await openForm();
    const before = (await history(form.ref)).length;
    const res = await post(link, {
      ref: form.ref,
      csrf: form.csrf,
      submissionId: form.submissionId,
      narrative: 'Too short',
      'revisedDue-day': '31',
      'revisedDue-month': '2',
      'revisedDue-year': '2024',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('There is a problem');
    expect(html).toMatch(/<a href="#brag">Choose a BRAG rating/);
    expect(html).toMatch(/id="narrative-error"[^>]*>.*characters long/);
    expect(html).toMatch(/id="revisedDue-error"[^>]*>.*Enter a real date/);
    expect(html).toContain('>Too short</textarea>');
    expect(html).toContain('value="31"');
    expect((await history(form.ref)).length).toBe(before);
  });

  it('refuses a post without the form’s CSRF token and records nothing', async () => {
    const form = await openForm();
    const before = (await history(form.ref)).length;
    const res = await post(link, {
      ref: form.ref,
      submissionId: 'forged-1',
      brag: 'red',
      narrative: 'A forged update from another site, long enough.',
      csrf: 'not-the-token',
    });
    expect(res.status).toBe(403);
    expect(text(await res.text())).toContain('This form could not be sent');
    expect((await history(form.ref)).length).toBe(before);
  });

  it('refuses a tampered link, saying how to get a new one, and records nothing', async () => {
    const form = await openForm();
    const before = (await history(form.ref)).length;
    const last = link.slice(-1);
    const tampered = link.slice(0, -1) + (last === 'A' ? 'B' : 'A');
    const page = await get(tampered);
    expect(page.status).toBe(404);
    const words = text(await page.text());
    expect(words).toContain('This link is not valid');
    expect(words).toContain('How to get a new link');
    const res = await post(tampered, {
      ref: form.ref,
      csrf: form.csrf,
      submissionId: 'tampered-1',
      brag: 'red',
      narrative: 'Sent through a link that was altered on the way.',
    });
    expect(res.status).toBe(404);
    expect((await history(form.ref)).length).toBe(before);
  });
});

describe('links that no longer work', () => {
  it('refuses a link once its cycle’s meeting has come, and a replayed form with it', async () => {
    const mail = prompts()[1]!;
    const url = rig.linkOf(mail);
    const form = await openForm(url);
    const before = (await history(form.ref)).length;
    const checked = await rig.running.mail.links!.check(url.split('/').pop()!, rig.clock.now());
    if (!checked.ok) throw new Error('The link should work before the meeting.');
    rig.clock.set(new Date(Date.parse(checked.link.expiresAt) + 60_000).toISOString());
    try {
      const page = await get(url);
      expect(page.status).toBe(410);
      expect(text(await page.text())).toContain('This link has expired');
      const res = await post(url, {
        ref: form.ref,
        csrf: form.csrf,
        submissionId: form.submissionId,
        brag: 'green',
        narrative: 'Replayed after the meeting, and should not count.',
      });
      expect(res.status).toBe(410);
      expect((await history(form.ref)).length).toBe(before);
    } finally {
      rig.clock.set('2023-10-09T08:00:00Z');
    }
  });

  it('refuses a withdrawn link', async () => {
    const mail = prompts()[2]!;
    const url = rig.linkOf(mail);
    expect((await get(url)).status).toBe(200);
    await rig.store.responseLinks.revoke(hashToken(url.split('/').pop()!), new Date());
    const page = await get(url);
    expect(page.status).toBe(410);
    expect(text(await page.text())).toContain('This link has been withdrawn');
  });

  it('treats the links of an archived plan as withdrawn, and opens them again once it is restored', async () => {
    // A prompt no other test here spends (mail arrives in no fixed order).
    const url = rig.linkOf(prompts()[3]!);
    expect((await get(url)).status).toBe(200);
    // Archived from the command line, another process: the server sees it once its cached plan lapses.
    const archive = async (state: 'archived' | 'active') => {
      await setPlanState(rig.store, PLAN_ID, state, rig.clock);
      forgetPlan(rig.running.deps, PLAN_ID);
    };
    await archive('archived');
    try {
      const page = await get(url);
      expect(page.status).toBe(410);
      expect(text(await page.text())).toContain('This link has been withdrawn');
    } finally {
      await archive('active');
    }
    expect((await get(url)).status).toBe(200);
  });

  it('slows down a client trying link after link', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++) statuses.push((await get(`${rig.running.url}/respond/guess${i}.notatoken`)).status);
    // Thirty failed checks a minute per client (the tampered link above spent a few of them).
    const firstRefused = statuses.indexOf(429);
    expect(firstRefused).toBeGreaterThan(24);
    expect(firstRefused).toBeLessThanOrEqual(30);
    expect(statuses.slice(0, firstRefused).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(firstRefused).every((s) => s === 429)).toBe(true);
  });
});
