/**
 * Imports a plan into the store, all or nothing: the whole source is read and validated
 * first, and storage is written only when there is not a single problem.
 *
 * Re-importing:
 * - The same input (same content hash as the Plan row records) writes nothing.
 * - A changed input writes only the rows whose content changed. The file owns an action's
 *   plan fields (text, leads, dates, group, area, notes, imported status); storage keeps its
 *   live state (brag, last update, update count, original due date, any runtime fields).
 *   The live brag is replaced only when the file's status itself changed since the last
 *   import. Actions missing from the file leave the Actions table; their history stays in
 *   Updates.
 * - People keep their runtime fields (AAD object id when the file gives none, away dates);
 *   groups keep their bound channel.
 * - A group's next meeting is the file's date, except when the stored date is later and the
 *   file's date has already passed: then the scheduler has rolled the meeting forward since
 *   the file was written, and the stored date stands.
 */
import { planDateOf } from '../calendar';
import type { Clock } from '../domain/clock';
import { DEFAULT_PLAN_SETTINGS, type Action, type Area, type Group, type Person, type Plan } from '../domain/model';
import type { Store } from '../storage/store';
import { mapLimit } from '../util/async';
import { planIdOfSource } from './ids';
import { buildPlanInput, type PlanInput, type PlanInputReading } from './planInput';
import { readSource } from './readSource';
import type { Problem } from './sourceTable';
import { contentHash, stableJson } from './stableJson';

export interface ImportOptions {
  planId?: string;
  dryRun?: boolean;
  clock: Clock;
  /** Where "today" is reckoned (for the next-meeting rule); defaults to Europe/London. */
  timeZone?: string;
  /** The Microsoft 365 tenant the plan belongs to; unset keeps the one recorded. */
  tenantId?: string;
}

export interface EntityChanges {
  created: number;
  updated: number;
  removed: number;
  unchanged: number;
}

export interface ImportSummary {
  planId: string;
  dryRun: boolean;
  /** True when the input was the same as the last import and nothing was written. */
  unchanged: boolean;
  counts: { actions: number; groups: number; people: number; leadStrings: number; areas: number };
  actions: EntityChanges;
  groups: EntityChanges;
  people: EntityChanges;
}

/**
 * Warnings never stop an import: they say what was read in a way the administrator may not
 * expect (a column kept as extra text that looks like one the import reads).
 */
export type ImportResult =
  | { ok: true; summary: ImportSummary; warnings: Problem[] }
  | { ok: false; problems: Problem[]; warnings: Problem[] };

/**
 * Actions are written in slices run side by side; each slice batches per partition. A slice
 * holds a whole plan of ordinary size: smaller slices cut the transactions into small ones
 * (a 500-action slice fills each of 32 buckets with ~16 rows) and ran three times slower.
 */
const ACTION_SLICE = 100_000;
const SLICES_IN_FLIGHT = 4;

/** Reads and validates a source without touching storage. */
export async function readPlanInput(source: string, planId: string): Promise<PlanInputReading> {
  const { tables, problems } = await readSource(source);
  return buildPlanInput(planId, tables, problems);
}

export async function importPlan(store: Store, source: string, options: ImportOptions): Promise<ImportResult> {
  const planId = options.planId ?? planIdOfSource(source);
  const { input, problems, warnings } = await readPlanInput(source, planId);
  if (!input) return { ok: false, problems, warnings };
  const result = await applyPlanInput(store, input, options);
  return { ...result, warnings: [...warnings, ...result.warnings] };
}

/** Writes a validated PlanInput (the second half of importPlan). */
export async function applyPlanInput(store: Store, input: PlanInput, options: ImportOptions): Promise<ImportResult> {
  const { planId } = input;
  const hash = contentHash(input);
  const counts = {
    actions: input.actions.length,
    groups: input.groups.length,
    people: input.people.length,
    leadStrings: input.people.reduce((n, p) => n + p.leadStrings.length, 0),
    areas: input.areas.length,
  };
  const repo = store.plans;
  const previousPlan = await repo.getPlan(planId);
  const none: EntityChanges = { created: 0, updated: 0, removed: 0, unchanged: 0 };
  if (previousPlan && previousPlan.sourceHash === hash) {
    if (options.tenantId && options.tenantId !== previousPlan.tenantId && !options.dryRun) {
      await repo.savePlan({ ...previousPlan, tenantId: options.tenantId });
    }
    return {
      ok: true,
      warnings: [],
      summary: {
        planId,
        dryRun: !!options.dryRun,
        unchanged: true,
        counts,
        actions: { ...none, unchanged: counts.actions },
        groups: { ...none, unchanged: counts.groups },
        people: { ...none, unchanged: counts.people },
      },
    };
  }

  const [storedActions, storedGroups, storedPeople, storedAreas] = previousPlan
    ? await Promise.all([repo.listActions(planId), repo.listGroups(planId), repo.listPeople(planId), repo.listAreas(planId)])
    : [[], [], [], []];
  const today = planDateOf(options.clock.now(), options.timeZone);

  const actions = diff(storedActions, input.actions, (a) => a.ref, mergeAction);
  const groups = diff(storedGroups, input.groups, (g) => g.id, (prev, next) => mergeGroup(prev, next, today));
  const people = diff(storedPeople, input.people, (p) => p.id, mergePerson);
  const areasChanged = stableJson(sortAreas(storedAreas)) !== stableJson(sortAreas(input.areas));

  const summary: ImportSummary = {
    planId,
    dryRun: !!options.dryRun,
    unchanged: false,
    counts,
    actions: actions.changes,
    groups: groups.changes,
    people: people.changes,
  };
  if (options.dryRun) return { ok: true, summary, warnings: [] };

  const writePeopleAndGroups = () =>
    Promise.all([
      people.write.length > 0 || people.removed.length > 0
        ? repo.savePeople(planId, people.write, people.removed.map((p) => p.id))
        : undefined,
      groups.write.length > 0 ? repo.saveGroups(planId, groups.write) : undefined,
      groups.removed.length > 0 ? repo.deleteGroups(planId, groups.removed.map((g) => g.id)) : undefined,
      areasChanged ? repo.replaceAreas(planId, input.areas) : undefined,
    ]);
  const previous = new Map(storedActions.map((a) => [a.ref, a]));
  const slices: Action[][] = [];
  for (let i = 0; i < actions.write.length; i += ACTION_SLICE) slices.push(actions.write.slice(i, i + ACTION_SLICE));
  if (slices.length === 0 && actions.removed.length > 0) slices.push([]);
  const writeActions = () =>
    mapLimit(slices, SLICES_IN_FLIGHT, (slice) => repo.saveActionsBulk(planId, slice, previous, slice === slices[0] ? actions.removed : []));
  if (previousPlan) {
    // People and groups first, so every action the bot and scheduler can already see
    // resolves its leads and group.
    await writePeopleAndGroups();
    await writeActions();
  } else {
    // A new plan is invisible until its plan row is written (last, below), so its parts
    // can be written side by side.
    await Promise.all([writePeopleAndGroups(), writeActions()]);
  }
  // The plan row goes last: its hash claims the whole input is stored. The row is read again:
  // the bot may have recorded the tenant, or the plan been archived, while the import ran, and
  // what Plan Pulse records on the row (its tenant, its state) outlives a re-import.
  const current = previousPlan ? ((await repo.getPlan(planId)) ?? previousPlan) : undefined;
  const tenantId = options.tenantId ?? current?.tenantId;
  const plan: Plan = {
    ...current,
    state: current?.state ?? 'active',
    id: planId,
    name: current?.name ?? planId,
    settings: current?.settings ?? DEFAULT_PLAN_SETTINGS,
    importedAt: options.clock.now().toISOString(),
    sourceHash: hash,
    ...(tenantId ? { tenantId } : {}),
  };
  await repo.savePlan(plan);
  return { ok: true, summary, warnings: [] };
}

function sortAreas(areas: Area[]): Area[] {
  return [...areas].sort((a, b) => a.number - b.number);
}

/** Compares stored and incoming rows by id; only rows whose content differs are written. */
function diff<T>(
  stored: T[],
  incoming: T[],
  idOf: (t: T) => string,
  merge: (prev: T, next: T) => T,
): { write: T[]; removed: T[]; changes: EntityChanges } {
  const byId = new Map(stored.map((s) => [idOf(s), s]));
  const incomingIds = new Set(incoming.map(idOf));
  const write: T[] = [];
  const changes: EntityChanges = { created: 0, updated: 0, removed: 0, unchanged: 0 };
  for (const next of incoming) {
    const prev = byId.get(idOf(next));
    if (!prev) {
      write.push(next);
      changes.created++;
      continue;
    }
    const merged = merge(prev, next);
    if (stableJson(merged) === stableJson(prev)) changes.unchanged++;
    else {
      write.push(merged);
      changes.updated++;
    }
  }
  const removed = stored.filter((s) => !incomingIds.has(idOf(s)));
  changes.removed = removed.length;
  return { write, removed, changes };
}

/** Replaces the fields a file owns, removing those the file no longer gives. */
function withFileFields<T extends object>(prev: T, next: T, fields: readonly (keyof T)[]): T {
  const merged = { ...prev };
  for (const field of fields) {
    if (next[field] === undefined) delete merged[field];
    else merged[field] = next[field];
  }
  return merged;
}

const ACTION_FILE_FIELDS = [
  'area',
  'groupId',
  'text',
  'leadIds',
  'leadStrings',
  'start',
  'due',
  'sro',
  'outcome',
  'evidenceOfImpact',
  'note',
  'importedStatus',
  'extra',
] as const satisfies readonly (keyof Action)[];

function mergeAction(prev: Action, next: Action): Action {
  const merged = withFileFields(prev, next, ACTION_FILE_FIELDS);
  if (prev.importedStatus !== next.importedStatus) merged.brag = next.importedStatus;
  if (prev.originalDue === undefined && next.originalDue !== undefined) merged.originalDue = next.originalDue;
  return merged;
}

const GROUP_FILE_FIELDS = ['name', 'kind', 'chairId', 'cadenceDays', 'escalatesTo', 'extra'] as const satisfies readonly (keyof Group)[];

function mergeGroup(prev: Group, next: Group, today: string): Group {
  const merged = withFileFields(prev, next, GROUP_FILE_FIELDS);
  const rolledForward = prev.nextMeeting > next.nextMeeting && next.nextMeeting < today;
  merged.nextMeeting = rolledForward ? prev.nextMeeting : next.nextMeeting;
  return merged;
}

const PERSON_FILE_FIELDS = ['name', 'email', 'admin', 'leadStrings', 'delegateId', 'channel', 'extra'] as const satisfies readonly (keyof Person)[];

function mergePerson(prev: Person, next: Person): Person {
  const merged = withFileFields(prev, next, PERSON_FILE_FIELDS);
  if (next.aadObjectId) merged.aadObjectId = next.aadObjectId;
  return merged;
}
