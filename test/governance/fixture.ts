/**
 * The Plymouth fixture as its governance table sets it out: a copy of groups.csv in which the
 * groups the table gives several chairs have them as co-chairs (the fixture's chair first, then
 * the chairs the table names), the SEND Strategic Delivery Group receives progress ("Members
 * will receive regular progress updates") and the Improvement Board exceptions ("Members will
 * receive exception reporting"); and people.csv gains the areas' SRO strings, mapped to the
 * people they name, so the SROs are people of the plan. `importGovernancePlan` imports it into a
 * store, as every test of the governance rules begins.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { fixedClock } from '../../src/domain/clock';
import type { Group, Person } from '../../src/domain/model';
import { importPlan } from '../../src/import/importPlan';
import type { Store } from '../../src/storage/store';
import { makeTestStore } from '../support/store';

export const FIXTURE = path.join(__dirname, '..', '..', 'fixtures', 'plymouth-2023');
export const PLAN_ID = 'plymouth-2023';

/** Lead strings of the fixture's people.csv. */
export const DH = 'DCS PCC (DH)';
export const AG = 'Director EPS (AG)';
export const HP = "Head of Women and Children's Commissioning – Devon ICB (HP)";
export const ND = 'Director CYPFS (ND)';

/** Co-chairs as the governance table lists them (its "chair" column), by group. */
export const CO_CHAIRS: Record<string, string[]> = {
  // "Director of Education Head of Women and Children's Commissioning"
  'Governance, oversight, culture and workforce': [DH, AG, HP],
  // "PCC DCS (Children's Services SLT) Head of Women and Children's Commissioning"
  "Social Care and Children's Disability Team": [ND, DH, HP],
};

export const REPORTS: Record<string, 'progress' | 'exceptions'> = {
  'SEND Strategic Delivery Group (SSDG)': 'progress',
  'Local Area SEND Improvement Board': 'exceptions',
};

/** SRO strings of actions.csv and whom they name; compound SROs (areas 6 and 8) stay text. */
export const SRO_PEOPLE: Array<[string, string]> = [
  ["Director of Children's Services (DH)", 'dh@plymouth.example'],
  ['Director of EPS (AG)', 'ag@plymouth.example'],
  ['Director of CYPFS (ND)', 'nd@plymouth.example'],
  ['Director of Education (AG) with CEO Chair PBWG (MM)', 'ag@plymouth.example'],
  ['Deputy Director of Commissioning -Out of Hospital (SS)', 'ss@plymouth.example'],
];

type Row = Record<string, string>;
const read = (file: string): Row[] => parse(fs.readFileSync(file, 'utf8'), { columns: true, bom: true }) as Row[];

/** Writes the governance copy into a fresh temp folder and returns its path. */
export function governanceFixture(change: { groups?: (rows: Row[]) => Row[] } = {}): string {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pp-governance-')), PLAN_ID);
  fs.mkdirSync(dir);
  fs.copyFileSync(path.join(FIXTURE, 'actions.csv'), path.join(dir, 'actions.csv'));

  let groups: Row[] = read(path.join(FIXTURE, 'groups.csv')).map((g) => ({
    ...g,
    chair: (CO_CHAIRS[g.group!] ?? [g.chair!]).join(' | '),
    reports: REPORTS[g.group!] ?? '',
  }));
  if (change.groups) groups = change.groups(groups);
  fs.writeFileSync(path.join(dir, 'groups.csv'), stringify(groups, { header: true }));

  const people = read(path.join(FIXTURE, 'people.csv'));
  const nameOf = new Map(people.map((p) => [p.email, p.name]));
  for (const [lead, email] of SRO_PEOPLE) people.push({ lead, name: nameOf.get(email) ?? lead, email, admin: '' });
  fs.writeFileSync(path.join(dir, 'people.csv'), stringify(people, { header: true }));
  return dir;
}

export interface ImportedGovernancePlan {
  store: Store;
  /** The plan's people and groups, as imported. */
  people: Map<string, Person>;
  groups: Group[];
}

/** The governance copy imported (as on 1 September 2023) into a fresh store. */
export async function importGovernancePlan(): Promise<ImportedGovernancePlan> {
  const store = await makeTestStore();
  const imported = await importPlan(store, governanceFixture(), { timeZone: 'Europe/London', planId: PLAN_ID, clock: fixedClock('2023-09-01T08:00:00Z') });
  if (!imported.ok) throw new Error(JSON.stringify(imported).slice(0, 600));
  return { store, people: await store.plans.peopleById(PLAN_ID), groups: await store.plans.listGroups(PLAN_ID) };
}
