/**
 * Imports a plan into the store, all or nothing: the whole source is read and validated
 * first (rows, then Azure Table limits), and storage is written only when there is not a
 * single problem.
 *
 * Re-importing is an explicit change set, by ref:
 * - The same input (same content hash as the Plan row records) writes nothing.
 * - A changed input writes only the rows whose content changed. The file owns an action's
 *   plan fields (text, leads, dates, group, area, notes, imported status); storage keeps its
 *   live state (brag, last update, update count, original due date, any runtime fields).
 * - Decisions made in Plan Pulse win over the file, and are reported as conflicts: a due
 *   date a chair approved stands against the file's date, and a rating recorded after the
 *   last import stands against a changed status in the file.
 * - Actions missing from the file are archived (moved out of the live partitions with their
 *   live state; their history stays in Updates), and only with `allowRemovals`: otherwise
 *   the import is refused, naming them. An archived action that comes back is restored.
 * - A new plan whose people are mostly another plan's is refused unless `newPlan`: it is
 *   most likely that plan's next version under another file name.
 * - People keep their runtime fields (AAD object id when the file gives none, away dates);
 *   groups keep their bound channel.
 * - A group's next meeting is the file's date, except when the stored date is later and the
 *   file's date has already passed: then the scheduler has rolled the meeting forward since
 *   the file was written, and the stored date stands.
 */
import { planDateOf } from '../calendar';
import { isOverdue } from '../domain/brag';
import type { Clock } from '../domain/clock';
import { DEFAULT_PLAN_SETTINGS, isArchived, type Action, type Area, type Group, type Person, type Plan } from '../domain/model';
import { IMPORTED } from '../storage/measureRepository';
import type { Store } from '../storage/store';
import { mapLimit } from '../util/async';
import { forecastNextTick, type ForecastConfig, type TickForecast } from './forecast';
import { planIdOfSource } from './ids';
import { planProblems } from './limits';
import { buildPlanInput, type PlanInput, type PlanInputReading } from './planInput';
import { readSource } from './readSource';
import type { Problem } from './sourceTable';
import { contentHash, stableJson } from './stableJson';

export interface ImportOptions {
  planId?: string;
  /** The plan's display name (cards, board papers); kept from the last import when not given. */
  name?: string;
  dryRun?: boolean;
  /** Archive actions the file no longer holds; without it such an import is refused. */
  allowRemovals?: boolean;
  /** Import as a new plan even when its people are mostly another plan's. */
  newPlan?: boolean;
  clock: Clock;
  /** Where "today" is reckoned (for the next-meeting rule): the plan's time zone (PLAN_TIMEZONE). */
  timeZone: string;
  /** The Microsoft 365 tenant the plan belongs to; unset keeps the one recorded. */
  tenantId?: string;
  /** How problems name the source's tables (actions.csv, plan.xlsx[Actions]). */
  sourceNames?: SourceNames;
  /** With dryRun: also work out what the next tick would send, under this configuration. */
  forecast?: ForecastConfig;
}

export interface SourceNames {
  actions: string;
  people: string;
  groups: string;
  measures?: string;
  measureValues?: string;
  terms?: string;
}

export interface EntityChanges {
  created: number;
  updated: number;
  /** Actions: archived. Groups and people: deleted. */
  removed: number;
  unchanged: number;
}

/** The actions an import changes, by ref. */
export interface ActionChangeSet {
  created: string[];
  updated: string[];
  archived: string[];
  restored: string[];
}

/** A field where a decision made in Plan Pulse was kept against the file. */
export interface ImportConflict {
  ref: string;
  column: 'due' | 'status';
  /** What the file says. */
  file: string;
  /** What Plan Pulse keeps. */
  kept: string;
  /** Who decided, and when (ISO). */
  decidedBy?: string;
  decidedAt?: string;
  decision: 'approvedRevisedDate' | 'ratingSinceImport';
}

export interface ImportSummary {
  planId: string;
  name: string;
  dryRun: boolean;
  /** True when the input was the same as the last import and nothing else changed. */
  unchanged: boolean;
  counts: { actions: number; groups: number; people: number; leadStrings: number; areas: number };
  actions: EntityChanges;
  groups: EntityChanges;
  people: EntityChanges;
  changeSet: ActionChangeSet;
  conflicts: ImportConflict[];
  /** Open actions (as they stand after the import) whose due date has already passed. */
  pastDue: string[];
  /** What the next tick would send for the plan (a dry run asked for it). */
  forecast?: TickForecast;
}

/** Why an import was refused, for callers that act on it (the CLI prints the problems). */
export type ImportRefusal =
  | { kind: 'invalid' }
  | { kind: 'removals'; refs: string[] }
  | { kind: 'samePeople'; planId: string; shared: number; of: number };

/**
 * Warnings never stop an import: they say what was read in a way the administrator may not
 * expect (a column kept as extra text that looks like one the import reads).
 */
export type ImportResult =
  | { ok: true; summary: ImportSummary; warnings: Problem[] }
  | { ok: false; problems: Problem[]; warnings: Problem[]; refusal: ImportRefusal };

/**
 * Actions are written in slices run side by side; each slice batches per partition. A slice
 * holds a whole plan of ordinary size: smaller slices cut the transactions into small ones
 * (a 500-action slice fills each of 32 buckets with ~16 rows) and ran three times slower.
 */
const ACTION_SLICE = 100_000;
const SLICES_IN_FLIGHT = 4;

/** How much of an action's history is searched for the approval of its current due date. */
const DECISION_HISTORY = 50;

/** Reads and validates a source without touching storage. */
export async function readPlanInput(source: string, planId: string): Promise<PlanInputReading> {
  const { tables, problems } = await readSource(source);
  return buildPlanInput(planId, tables, problems);
}

export async function importPlan(store: Store, source: string, options: ImportOptions): Promise<ImportResult> {
  const planId = options.planId ?? planIdOfSource(source);
  const { input, problems, warnings, names } = await readPlanInput(source, planId);
  if (!input) return { ok: false, problems, warnings, refusal: { kind: 'invalid' } };
  const result = await applyPlanInput(store, input, { sourceNames: names, ...options });
  if (result.ok && options.dryRun && options.forecast) {
    result.summary.forecast = await forecastNextTick(store, input, { ...options, config: options.forecast });
  }
  return { ...result, warnings: [...warnings, ...result.warnings] };
}

const invalid = (problems: Problem[]): ImportResult => ({ ok: false, problems, warnings: [], refusal: { kind: 'invalid' } });

/** Writes a validated PlanInput (the second half of importPlan). */
export async function applyPlanInput(store: Store, input: PlanInput, options: ImportOptions): Promise<ImportResult> {
  const { planId } = input;
  const names = options.sourceNames ?? { actions: 'actions.csv', people: 'people.csv', groups: 'groups.csv' };
  const limitProblems = planProblems(planId, options.name, `${names.actions}:0`);
  if (limitProblems.length > 0) return invalid(limitProblems);

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
  const name = options.name ?? previousPlan?.name ?? planId;
  const today = planDateOf(options.clock.now(), options.timeZone);
  const none: EntityChanges = { created: 0, updated: 0, removed: 0, unchanged: 0 };
  const noChanges: ActionChangeSet = { created: [], updated: [], archived: [], restored: [] };

  if (previousPlan && previousPlan.sourceHash === hash) {
    const renamed = name !== previousPlan.name;
    const retenanted = !!options.tenantId && options.tenantId !== previousPlan.tenantId;
    if ((renamed || retenanted) && !options.dryRun) {
      await repo.savePlan({ ...previousPlan, name, ...(options.tenantId ? { tenantId: options.tenantId } : {}) });
    }
    const live = await repo.listActions(planId);
    return {
      ok: true,
      warnings: [],
      summary: {
        planId,
        name,
        dryRun: !!options.dryRun,
        unchanged: !renamed,
        counts,
        actions: { ...none, unchanged: counts.actions },
        groups: { ...none, unchanged: counts.groups },
        people: { ...none, unchanged: counts.people },
        changeSet: noChanges,
        conflicts: [],
        pastDue: live.filter((a) => isOverdue(a, today)).map((a) => a.ref),
      },
    };
  }

  if (!previousPlan && !options.newPlan) {
    const twin = await planSharingPeople(store, input);
    if (twin) {
      return {
        ok: false,
        warnings: [],
        refusal: { kind: 'samePeople', planId: twin.plan.id, shared: twin.shared, of: input.people.length },
        problems: [
          `${names.people}:0: email: ${twin.shared} of the ${input.people.length} people in this file are people of plan "${twin.plan.id}"${twin.plan.name !== twin.plan.id ? ` (${twin.plan.name})` : ''}, so it looks like a new version of that plan: import it with --plan ${twin.plan.id}, or add --new-plan to keep both plans.`,
        ],
      };
    }
  }

  const [storedActions, archivedActions, storedGroups, storedPeople, storedAreas] = previousPlan
    ? await Promise.all([repo.listActions(planId), repo.listArchivedActions(planId), repo.listGroups(planId), repo.listPeople(planId), repo.listAreas(planId)])
    : [[], [], [], [], []];

  const incomingRefs = new Set(input.actions.map((a) => a.ref));
  const leaving = storedActions.filter((a) => !incomingRefs.has(a.ref));
  if (leaving.length > 0 && !options.allowRemovals) {
    const refs = leaving.map((a) => a.ref);
    return {
      ok: false,
      warnings: [],
      refusal: { kind: 'removals', refs },
      problems: [
        `${names.actions}:0: ref: ${refs.length} action${refs.length === 1 ? '' : 's'} of plan ${planId} ${refs.length === 1 ? 'is' : 'are'} not in the file: ${refs.join(', ')}. Importing would archive ${refs.length === 1 ? 'it' : 'them'} (kept with ${refs.length === 1 ? 'its' : 'their'} history, no longer prompted, chased or counted); run again with --allow-removals to do that, or put ${refs.length === 1 ? 'it' : 'them'} back in the file.`,
      ],
    };
  }

  const archivedByRef = new Map(archivedActions.map((a) => [a.ref, a]));
  const restoredRefs = input.actions.filter((a) => archivedByRef.has(a.ref)).map((a) => a.ref);
  // A restored action comes back with the live state it was archived with.
  const before = [...storedActions, ...restoredRefs.map((ref) => unarchived(archivedByRef.get(ref)!))];
  const conflicts: ImportConflict[] = [];
  const approvals = await approvedDues(store, planId, before, input.actions);
  const actions = diff(before, input.actions, (a) => a.ref, (prev, next) => mergeAction(prev, next, { importedAt: previousPlan?.importedAt, approvals, conflicts }));
  const groups = diff(storedGroups, input.groups, (g) => g.id, (prev, next) => mergeGroup(prev, next, today));
  const people = diff(storedPeople, input.people, (p) => p.id, mergePerson);
  const areasChanged = stableJson(sortAreas(storedAreas)) !== stableJson(sortAreas(input.areas));
  const archivedAt = options.clock.now().toISOString();
  const archiving = leaving.map((a) => ({ ...a, archivedAt }));

  const restored = new Set(restoredRefs);
  const after = new Map(before.map((a) => [a.ref, a]));
  for (const a of actions.write) after.set(a.ref, a);
  for (const a of leaving) after.delete(a.ref);
  const changeSet: ActionChangeSet = {
    created: [...actions.createdRefs],
    updated: actions.write.map((a) => a.ref).filter((ref) => !actions.createdRefs.has(ref) && !restored.has(ref)),
    archived: leaving.map((a) => a.ref),
    restored: restoredRefs,
  };
  const summary: ImportSummary = {
    planId,
    name,
    dryRun: !!options.dryRun,
    unchanged: false,
    counts,
    actions: {
      created: changeSet.created.length,
      updated: changeSet.updated.length,
      removed: changeSet.archived.length,
      unchanged: counts.actions - changeSet.created.length - changeSet.updated.length - changeSet.restored.length,
    },
    groups: groups.changes,
    people: people.changes,
    changeSet,
    conflicts,
    pastDue: [...after.values()].filter((a) => isOverdue(a, today)).map((a) => a.ref),
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
  // A restored action is not in the live index yet: it is filed as if new.
  const previous = new Map(storedActions.map((a) => [a.ref, a]));
  // A restored action whose content is as archived is still written back to the live rows.
  const written = new Set(actions.write.map((a) => a.ref));
  const toWrite = [...actions.write, ...restoredRefs.filter((ref) => !written.has(ref)).map((ref) => after.get(ref)!)];
  const slices: Action[][] = [];
  for (let i = 0; i < toWrite.length; i += ACTION_SLICE) slices.push(toWrite.slice(i, i + ACTION_SLICE));
  if (slices.length === 0 && (archiving.length > 0 || restoredRefs.length > 0)) slices.push([]);
  const writeActions = () =>
    mapLimit(slices, SLICES_IN_FLIGHT, (slice) =>
      repo.saveActionsBulk(planId, slice, previous, slice === slices[0] ? archiving : [], slice === slices[0] ? restoredRefs : []),
    );
  if (previousPlan) {
    // People and groups first, so every action the bot and scheduler can already see
    // resolves its leads and group.
    await writePeopleAndGroups();
    await writeActions();
    await closeEscalationsOfArchived(store, planId, archiving.map((a) => a.ref), options.clock);
  } else {
    // A new plan is invisible until its plan row is written (last, below), so its parts
    // can be written side by side.
    await Promise.all([writePeopleAndGroups(), writeActions()]);
  }
  await writeMeasures(store, input, options.clock);
  // The plan row goes last: its hash claims the whole input is stored. The row is read again:
  // the bot may have recorded the tenant, or the plan been archived, while the import ran, and
  // what Plan Pulse records on the row (its tenant, its state) outlives a re-import.
  const current = previousPlan ? ((await repo.getPlan(planId)) ?? previousPlan) : undefined;
  const tenantId = options.tenantId ?? current?.tenantId;
  const plan: Plan = {
    ...current,
    state: current?.state ?? 'active',
    id: planId,
    name,
    settings: current?.settings ?? DEFAULT_PLAN_SETTINGS,
    importedAt: options.clock.now().toISOString(),
    sourceHash: hash,
    ...(tenantId ? { tenantId } : {}),
  };
  await repo.savePlan(plan);
  return { ok: true, summary, warnings: [] };
}

/**
 * The plan's measures become the file's; the file's values are added, never overwriting one
 * an owner recorded (see MeasureRepository.recordImported).
 */
async function writeMeasures(store: Store, input: PlanInput, clock: Clock): Promise<void> {
  await store.measures.replaceAll(input.planId, input.measures ?? []);
  const recordedAt = clock.now().toISOString();
  await mapLimit(input.measureValues ?? [], 8, (v) =>
    store.measures.recordImported({
      planId: input.planId,
      measureId: v.measureId,
      period: v.period,
      value: v.value,
      recordedBy: IMPORTED,
      recordedAt,
    }),
  );
}

/** An archived row as a live action again. */
function unarchived(action: Action): Action {
  const { archivedAt: _archivedAt, ...live } = action;
  return live;
}

/**
 * The plan (other than this one) holding half or more of this file's people, by email: the
 * same plan under a new file name ("plan v4.xlsx") would otherwise prompt them twice.
 */
async function planSharingPeople(store: Store, input: PlanInput): Promise<{ plan: Plan; shared: number } | undefined> {
  const emails = new Set(input.people.map((p) => p.id));
  if (emails.size === 0) return undefined;
  let best: { plan: Plan; shared: number } | undefined;
  for (const plan of await store.plans.listPlans()) {
    // An archived plan prompts nobody, so a new plan of the same people is no double.
    if (plan.id === input.planId || isArchived(plan)) continue;
    const shared = (await store.plans.listPeople(plan.id)).filter((p) => emails.has(p.id)).length;
    if (shared * 2 >= emails.size && (!best || shared > best.shared)) best = { plan, shared };
  }
  return best;
}

interface Approval {
  toDue: string;
  by: string;
  at: string;
}

/**
 * For each stored action whose due date differs from the file's and from its imported
 * original, the chair's approval that set its current due date, if one did. Only those
 * actions' histories are read: a re-import of an unchanged plan reads none.
 */
async function approvedDues(store: Store, planId: string, stored: Action[], incoming: Action[]): Promise<Map<string, Approval>> {
  const fileDue = new Map(incoming.map((a) => [a.ref, a.due]));
  const candidates = stored.filter((a) => a.due !== undefined && fileDue.has(a.ref) && fileDue.get(a.ref) !== a.due && a.originalDue !== a.due);
  const found = new Map<string, Approval>();
  await mapLimit(candidates, 8, async (a) => {
    const history = await store.updates.history(planId, a.ref, DECISION_HISTORY);
    const approval = history.find((u) => u.decision?.kind === 'revisedDate' && u.decision.outcome === 'approved' && u.decision.toDue === a.due);
    if (approval) found.set(a.ref, { toDue: a.due!, by: approval.authorId, at: approval.at });
  });
  return found;
}

/** Escalations of archived actions are resolved: an archived action is no longer counted. */
async function closeEscalationsOfArchived(store: Store, planId: string, refs: string[], clock: Clock): Promise<void> {
  if (refs.length === 0) return;
  const archived = new Set(refs);
  const open = (await store.escalations.listOpen(planId)).filter((e) => archived.has(e.ref));
  for (const e of open) {
    await store.escalations.setState(planId, e.id, {
      state: 'resolved',
      by: 'planpulse',
      at: clock.now(),
      note: 'The action left the plan at an import and was archived.',
    });
  }
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
): { write: T[]; removed: T[]; changes: EntityChanges; createdRefs: Set<string> } {
  const byId = new Map(stored.map((s) => [idOf(s), s]));
  const createdRefs = new Set<string>();
  const incomingIds = new Set(incoming.map(idOf));
  const write: T[] = [];
  const changes: EntityChanges = { created: 0, updated: 0, removed: 0, unchanged: 0 };
  for (const next of incoming) {
    const prev = byId.get(idOf(next));
    if (!prev) {
      write.push(next);
      changes.created++;
      createdRefs.add(idOf(next));
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
  return { write, removed, changes, createdRefs };
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
  'sroId',
  'outcome',
  'evidenceOfImpact',
  'note',
  'importedStatus',
  'extra',
] as const satisfies readonly (keyof Action)[];

interface MergeContext {
  /** When the plan was last imported: ratings recorded since then are Plan Pulse's decisions. */
  importedAt?: string;
  approvals: Map<string, Approval>;
  conflicts: ImportConflict[];
}

function mergeAction(prev: Action, next: Action, ctx: MergeContext): Action {
  const merged = withFileFields(prev, next, ACTION_FILE_FIELDS);
  if (prev.importedStatus !== next.importedStatus) {
    const ratedSince = prev.lastUpdateAt !== undefined && ctx.importedAt !== undefined && prev.lastUpdateAt > ctx.importedAt;
    if (ratedSince && prev.brag !== next.importedStatus) {
      ctx.conflicts.push({
        ref: prev.ref,
        column: 'status',
        file: next.importedStatus,
        kept: prev.brag,
        decidedBy: prev.lastUpdateBy,
        decidedAt: prev.lastUpdateAt,
        decision: 'ratingSinceImport',
      });
    } else merged.brag = next.importedStatus;
  }
  const approval = ctx.approvals.get(prev.ref);
  if (approval && next.due !== approval.toDue) {
    merged.due = approval.toDue;
    ctx.conflicts.push({
      ref: prev.ref,
      column: 'due',
      file: next.due ?? '',
      kept: approval.toDue,
      decidedBy: approval.by,
      decidedAt: approval.at,
      decision: 'approvedRevisedDate',
    });
  }
  if (prev.originalDue === undefined && next.originalDue !== undefined) merged.originalDue = next.originalDue;
  return merged;
}

const GROUP_FILE_FIELDS = ['name', 'kind', 'chairId', 'coChairIds', 'reports', 'cadenceDays', 'escalatesTo', 'extra'] as const satisfies readonly (keyof Group)[];

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
