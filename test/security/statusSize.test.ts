/**
 * The status card stays under Teams' size limit however many leads the plan names on an
 * action: each row names the first few and counts the rest.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { MAX_CARD_BYTES } from '../../src/cards/render';
import { fixedClock } from '../../src/domain/clock';
import { importPlan } from '../../src/import';
import { FIXTURE, PLAN_ID, startTestBot } from '../support/botHarness';
import { sizeOf, textOf } from '../cards/plymouthCards';

it('keeps the status card under 40 KB when every action names every lead of the plan', async () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'pp-leads-'));
  fs.cpSync(FIXTURE, folder, { recursive: true });
  const people = parse(fs.readFileSync(path.join(folder, 'people.csv')), { columns: true, bom: true }) as Array<Record<string, string>>;
  // A hundred more leads with the long role titles partnership plans use.
  for (let i = 1; i <= 100; i++) {
    const lead = `Head of Service for Quality Assurance, Safeguarding and Partnership Working, locality ${i} (QA${i})`;
    people.push({ lead, name: lead, email: `qa${i}@plymouth.example`, admin: '' });
  }
  fs.writeFileSync(path.join(folder, 'people.csv'), stringify(people, { header: true }));
  const actions = parse(fs.readFileSync(path.join(folder, 'actions.csv')), { columns: true, bom: true }) as Array<Record<string, string>>;
  const everyone = people.map((p) => p.lead).join(' | ');
  fs.writeFileSync(path.join(folder, 'actions.csv'), stringify(actions.map((a) => ({ ...a, leads: everyone })), { header: true }));

  const bot = await startTestBot({ importFixture: false, now: '2024-03-20T10:00:00Z' });
  try {
    const imported = await importPlan(bot.store, folder, { timeZone: 'Europe/London', planId: PLAN_ID, clock: fixedClock('2024-03-20T10:00:00Z') });
    expect(imported.ok ? [] : imported.problems).toEqual([]);
    const admin = bot.user('ap@plymouth.example');
    await bot.say(admin, 'status');
    const card = await bot.lastCardTo(admin);
    expect(sizeOf(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(textOf(card)).toMatch(/and 1\d\d more/);
  } finally {
    await bot.close();
    fs.rmSync(folder, { recursive: true, force: true });
  }
});
