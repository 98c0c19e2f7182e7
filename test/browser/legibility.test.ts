/**
 * Every card Plan Pulse sends, rendered with realistic data from the Plymouth plan in headless
 * Chromium under Teams' own host configs for the light, dark and high-contrast themes, with the
 * contrast of every visible piece of text measured against the background it is drawn on
 * (WCAG 2.2 AA: 4.5:1, or 3:1 for large text). And no card says a BRAG rating by colour alone:
 * wherever a rating appears, its word is on the card. Each card in each theme is saved under
 * test-output/cards/themes/.
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import type { AdaptiveCardJson } from '../../src/cards/render';
import type { Escalation } from '../../src/domain/model';
import { areasWithSro, boardScopeGroups, loadAreaDigestFacts } from '../../src/facts/area';
import { renderAreaDigest } from '../../src/cards';
import { boardReportCard, channelSummaryCard, chairDigestCard } from '../../src/reporting/reports';
import { combineNotices, cycleNotice, chaseNotice, escalationNotice } from '../../src/scheduler/notices';
import { personMessage } from '../../src/scheduler/messages';
import { launchChromium, openCardPage, TEAMS_THEMES, type CardPage, type TeamsTheme } from '../support/browser';
import { startTestBot, PLAN_ID as BOT_PLAN, type TestBot } from '../support/botHarness';
import { BOARD, governanceScenario, PLAN_ID, SSDG } from './governanceScenario';
import { elementsOf } from '../cards/plymouthCards';

jest.setTimeout(180_000);

/** Every card in every theme is saved here, for a person to look at. */
const OUT = path.join(__dirname, '../../test-output/cards/themes');
const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** Teams' chart colours for each rating's legend word. */
const CHART_COLOURS: Record<string, string> = { Blue: 'categoricalBlue', Green: 'good', Amber: 'warning', Red: 'attention', 'Not yet rated': 'neutral' };

interface ChartDatum {
  legend: string;
  value: number;
  color: string;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const THEME_NAMES: Record<TeamsTheme, string> = { light: 'light', dark: 'dark', contrast: 'high-contrast' };

/** Every template, with the data a real person would see in it. */
async function everyCard(bot: TestBot): Promise<Map<string, AdaptiveCardJson>> {
  const cards = new Map<string, AdaptiveCardJson>();
  const lead = bot.user('dh@plymouth.example', 'DCS PCC (DH)');
  await bot.install(lead);
  const last = async () => (await bot.lastCardTo(lead)) as AdaptiveCardJson;

  await bot.say(lead, 'help');
  cards.set('help', await last());
  await bot.say(lead, 'my actions');
  cards.set('my actions', await last());
  const ref = '1.2';
  const form = (await bot.invoke(lead, 'update.open', { planId: BOT_PLAN, ref })).body.value as AdaptiveCardJson;
  cards.set('update form', form);
  const submit = (form.actions as { verb: string; data: Record<string, unknown> }[]).find((a) => a.verb === 'update.submit')!.data;
  cards.set('update form with errors', (await bot.invoke(lead, 'update.submit', { ...submit, brag: '', narrative: 'Fine.', evidence: '', escalate: 'false' })).body.value);
  for (const [brag, narrative] of [
    ['amber', 'Draft framework shared with the partnership board; sign-off is planned for the December meeting.'],
    ['red', 'The ICB and schools have not agreed the accountability section; the December sign-off will slip.'],
  ]) {
    const answer = await bot.invoke(lead, 'update.submit', { ...submit, submissionId: `legibility-${brag}`, brag, narrative, evidence: 'minutes', escalate: 'false' });
    cards.set(`update confirmation (${brag})`, answer.body.value);
  }
  cards.set('history', (await bot.invoke(lead, 'history.show', { planId: BOT_PLAN, ref })).body.value);
  await bot.say(lead, 'status');
  cards.set('status', await last());
  const stranger = bot.user('visitor@plymouth.example', 'A Visitor');
  await bot.install(stranger);
  await bot.say(stranger, 'my actions');
  cards.set('not in the plan', (await bot.lastCardTo(stranger)) as AdaptiveCardJson);

  // A person's one message of a tick: two escalations of one action, a chase, a prompt.
  const actions = await bot.store.plans.listActions(BOT_PLAN);
  const groups = await bot.store.plans.listGroups(BOT_PLAN);
  const today = '2023-11-20';
  const governance = groups.find((g) => g.chairId === lead.email && g.kind === 'taskAndFinish')!;
  const late = actions.filter((a) => a.due !== undefined && a.due < today);
  const onTime = actions.filter((a) => a.groupId === governance.id && !(a.due !== undefined && a.due < today));
  const escalation = (id: string, cause: Escalation['cause'], reason: string): Escalation => ({
    planId: BOT_PLAN, id, ref: late[0]!.ref, groupId: governance.id, level: 'chair', targetGroupId: governance.id, cause, reason, raisedAt: '2023-11-14T09:00:00Z', raisedBy: 'planpulse', state: 'open',
  });
  const notices = [
    escalationNotice(escalation('esc-overdue', 'overdue', 'Not complete and 20 days past its completion date.'), late[0]!, groups)!,
    escalationNotice(escalation('esc-red', 'red', 'Rated red: recruitment has slipped to the spring.'), late[0]!, groups)!,
    chaseNotice({ recipientId: lead.email, actions: late.slice(0, 2), period: today, expiresAt: new Date('2023-11-27T09:00:00Z') }),
    cycleNotice({ group: governance, meetingDate: '2023-11-28', step: 'open', recipientId: lead.email, actions: onTime.slice(0, 2), expiresAt: new Date('2023-11-28T09:00:00Z') }),
  ];
  const [view] = combineNotices(notices, { id: BOT_PLAN, name: 'Plymouth SEND improvement plan' }, today, 'Europe/London');
  cards.set('person message', (personMessage(view!, new Date(`${today}T09:00:00Z`)).activity.attachments as Array<{ content: AdaptiveCardJson }>)[0]!.content);

  // The group and board cards, from the plan after two months of updates.
  const scenario = await governanceScenario();
  const deps = scenario.deps();
  const store = scenario.store;
  const planGroups = await store.plans.listGroups(PLAN_ID);
  const people = await store.plans.peopleById(PLAN_ID);
  const group = planGroups.find((g) => g.kind === 'taskAndFinish' && g.name.startsWith('Governance'))!;
  cards.set('channel summary', (await channelSummaryCard(deps, group)).card);
  cards.set("chair's digest", (await chairDigestCard(deps, PLAN_ID, people.get('dh@plymouth.example')!)).card);
  const ssdg = planGroups.find((g) => g.id === SSDG)!;
  const board = planGroups.find((g) => g.id === BOARD)!;
  cards.set('progress report', await boardReportCard(deps, ssdg, '2023-12-05'));
  cards.set('exception report', await boardReportCard(deps, board, '2023-12-26'));
  const scope = boardScopeGroups(board, planGroups);
  const scopeActions = (await Promise.all(scope.map((g) => store.plans.listActionsOfGroup(PLAN_ID, g.id)))).flat();
  const area = areasWithSro(await store.plans.listAreas(PLAN_ID), scopeActions).find((a) => scopeActions.some((x) => x.area === a.number && x.brag === 'red'))!;
  const facts = await loadAreaDigestFacts(store, {
    area, sro: people.get(area.sroId!)!, board, meetingDate: '2023-12-26', today: '2023-12-05', groups: planGroups, actions: scopeActions, escalations: await store.escalations.listOpen(PLAN_ID),
  });
  cards.set('area digest', renderAreaDigest({ facts, people }, 'Europe/London'));
  return cards;
}

describe("cards in Teams' light, dark and high-contrast themes", () => {
  let browser: Browser;
  let bot: TestBot;
  let cards: Map<string, AdaptiveCardJson>;
  const pages = new Map<TeamsTheme, CardPage>();

  beforeAll(async () => {
    [browser, bot] = await Promise.all([launchChromium(), startTestBot({ now: '2023-11-20T10:00:00Z' })]);
    for (const theme of TEAMS_THEMES) pages.set(theme, await openCardPage(browser, theme));
    cards = await everyCard(bot);
  });

  afterAll(async () => {
    for (const page of pages.values()) await page.close();
    await browser?.close();
    await bot?.close();
  });

  it("measures what the issue found: Teams' light theme draws Warning text at 1.47:1 and Good at 2.07:1 on white", async () => {
    const page = pages.get('light')!;
    await page.render({
      type: 'AdaptiveCard',
      version: '1.5',
      body: [
        { type: 'TextBlock', text: 'Amber', color: 'Warning' },
        { type: 'TextBlock', text: 'Green', color: 'Good' },
        { type: 'TextBlock', text: 'Red', color: 'Attention' },
      ],
    });
    expect(await page.contrastFailures()).toEqual([
      { text: 'Amber', foreground: '#F8D22A', background: '#FFFFFF', ratio: 1.47, required: 4.5 },
      { text: 'Green', foreground: '#92C353', background: '#FFFFFF', ratio: 2.07, required: 4.5 },
    ]);
  });

  it('has a realistic example of every card a person or channel receives', () => {
    expect([...cards.keys()].sort()).toEqual(
      [
        'area digest', "chair's digest", 'channel summary', 'exception report', 'help', 'history', 'my actions', 'not in the plan', 'person message',
        'progress report', 'status', 'update confirmation (amber)', 'update confirmation (red)', 'update form', 'update form with errors',
      ].sort(),
    );
  });

  it("draws BRAG counts as Teams' native donut charts, and where charts are not drawn shows the counts in their fallback", async () => {
    const page = pages.get('light')!;
    for (const name of ['channel summary', 'status', 'area digest']) {
      const card = cards.get(name)!;
      const [donut] = elementsOf(card, 'Chart.Donut');
      expect(donut).toBeDefined();
      const data = donut!.data as ChartDatum[];
      expect(data.length).toBeGreaterThan(0);
      for (const d of data) {
        expect(typeof d.value).toBe('number');
        expect(d.value).toBeGreaterThan(0);
        expect(d.color).toBe(CHART_COLOURS[d.legend]);
      }
      // The adaptivecards renderer has no charts, as Outlook and older clients: it shows the fallback.
      const report = await page.render(card);
      expect(report.errors).toEqual([]);
      expect(report.fallbacks).toEqual(['Chart.Donut']);
      for (const d of data) expect(report.text).toMatch(new RegExp(`\\b${d.legend} ${d.value}\\b`));
    }
  });

  it("draws the progress report's BRAG counts by group as one stacked bar chart, each group's counts in words below it", async () => {
    const card = cards.get('progress report')!;
    const [chart] = elementsOf(card, 'Chart.HorizontalBar.Stacked');
    const groups = chart!.data as { title: string; data: ChartDatum[] }[];
    expect(groups.length).toBe(7);
    const page = pages.get('light')!;
    const report = await page.render(card);
    expect(report.fallbacks).toEqual(['Chart.HorizontalBar.Stacked', 'Chart.VerticalBar.Grouped']);
    expect(report.text).toContain("Each group's BRAG ratings are counted below.");
    for (const group of groups) {
      expect(group.data.every((d) => typeof d.value === 'number' && d.color === CHART_COLOURS[d.legend])).toBe(true);
      for (const d of group.data) expect(report.text).toMatch(new RegExp(`${escapeRegExp(group.title)}\\n[^\\n]*\\b${d.legend} ${d.value}\\b`));
    }
  });

  it("compares the board's BRAG counts now with its previous meeting as a grouped bar chart, and says the change in words", async () => {
    const card = cards.get('progress report')!;
    const [chart] = elementsOf(card, 'Chart.VerticalBar.Grouped');
    const series = chart!.data as { legend: string; color: string; values: { x: string; y: number }[] }[];
    expect(series.map((s) => s.legend)).toEqual(['24 Oct 2023', '5 Dec 2023']);
    for (const s of series) {
      expect(s.values.map((v) => v.x)).toEqual(['Blue', 'Green', 'Amber', 'Red']);
      expect(s.values.every((v) => typeof v.y === 'number')).toBe(true);
    }
    const [then, now] = series;
    // Ten actions rated amber in October; in November two fell to red, two were completed and one confirmed blue.
    expect(then!.values.find((v) => v.x === 'Amber')!.y - now!.values.find((v) => v.x === 'Amber')!.y).toBe(5);
    const report = await pages.get('light')!.render(card);
    expect(report.fallbacks).toEqual(['Chart.HorizontalBar.Stacked', 'Chart.VerticalBar.Grouped']);
    const words = then!.values.map((v, i) => `${v.x} ${v.y} → ${now!.values[i]!.y}`).join(' · ');
    expect(report.text).toMatch(new RegExp(`${escapeRegExp(words)} · Not yet rated \\d+ → \\d+`));
    expect(report.text).toContain(String(chart!.title));
  });

  it('asks Teams for the full width for summaries and reports, not for a lead\'s own cards', () => {
    const width = (name: string) => (cards.get(name)!.msteams as { width?: string } | undefined)?.width;
    for (const name of ['channel summary', "chair's digest", 'progress report', 'exception report', 'area digest', 'status']) expect([name, width(name)]).toEqual([name, 'Full']);
    for (const name of ['my actions', 'update form', 'update confirmation (amber)', 'history', 'help']) expect([name, width(name)]).toEqual([name, undefined]);
  });

  it.each(TEAMS_THEMES)("every card's text reaches 4.5:1 contrast (3:1 when large) in Teams' %s theme", async (theme) => {
    const page = pages.get(theme)!;
    const failures: string[] = [];
    for (const [name, card] of cards) {
      const report = await page.render(card);
      expect(report.errors).toEqual([]);
      expect(report.height).toBeGreaterThan(40);
      await page.screenshot(path.join(OUT, `${theme}-${slug(name)}.png`));
      for (const f of await page.contrastFailures()) {
        failures.push(`${name}: "${f.text}" ${f.foreground} on ${f.background} is ${f.ratio}:1 (needs ${f.required}:1)`);
      }
    }
    expect({ theme: THEME_NAMES[theme], failures }).toEqual({ theme: THEME_NAMES[theme], failures: [] });
  });
});
