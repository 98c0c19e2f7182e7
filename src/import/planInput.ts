/**
 * Turns the three source tables into a validated PlanInput: every row is checked and
 * every problem reported (`file:line: column: message`); nothing here touches storage.
 */
import { z } from 'zod';
import { BRAG_LEGEND, BRAG_VALUES, RATING_WORDS, parseRating, isComplete } from '../domain/brag';
import { BOARD_REPORTS, GROUP_KINDS, type Action, type Area, type BoardReports, type Group, type GroupKind, type Person } from '../domain/model';
import type { Measure } from '../measures/model';
import { ACTION_COLUMNS, GROUP_COLUMNS, MEASURE_COLUMNS, MEASURE_VALUE_COLUMNS, PEOPLE_COLUMNS, TERM_COLUMNS, type ColumnSpec } from './columns';
import { readMeasureValues, readMeasures, readTerms, type ImportedMeasureValue } from './measuresInput';
import { parsePlanDate } from './dates';
import { groupIdOf, leadKey, personIdOf, tidy } from './ids';
import type { RawTables } from './readSource';
import { shapeTable, type Problem, type RawTable, type SourceRow, type SourceTable } from './sourceTable';
import type { SourceNames } from './importPlan';
import { cellProblem, indexChars, keyProblem, MAX_ROW_JSON_CHARS, rowProblem } from './limits';
import { didYouMean } from './suggest';

export interface PlanInput {
  planId: string;
  areas: Area[];
  groups: Group[];
  people: Person[];
  /** As the file states them: brag is the imported status, no update history yet. */
  actions: Action[];
  /** Present only when the source has measures, so a plan without them hashes as before. */
  measures?: Measure[];
  /** Values the source already knows (measure_values.csv). */
  measureValues?: ImportedMeasureValue[];
}

interface SourceTables {
  actions?: SourceTable;
  people?: SourceTable;
  groups?: SourceTable;
  measures?: SourceTable;
  measureValues?: SourceTable;
  terms?: SourceTable;
}

const emailSchema = z.string().email();

/** The status legend as the error lists it: the colours, then the legend's own words. */
const STATUS_WORDS = `${BRAG_VALUES.join(', ')}, or the legend's words (${BRAG_VALUES.map((b) => `"${BRAG_LEGEND[b]}"`).join(', ')})`;

const KIND_WORDS: Record<string, GroupKind> = {
  taskandfinish: 'taskAndFinish',
  taskandfinishgroup: 'taskAndFinish',
  tandf: 'taskAndFinish',
  board: 'board',
};

/** Columns the format reads or knows; anything else is kept as extra text. */
function knownColumns(spec: ColumnSpec) {
  return new Set<string>([...spec.required, ...spec.optional, ...(spec.ignored ?? [])]);
}

function extraOf(table: SourceTable, row: SourceRow, known: Set<string>): Record<string, string> {
  const extra: Record<string, string> = {};
  table.headers.forEach((header, i) => {
    const key = table.keys[i]!;
    if (header === '' || known.has(key)) return;
    const value = row.cells.get(key) ?? '';
    if (value.trim() !== '' && !(header in extra)) extra[header] = value.trim();
  });
  return extra;
}

/** A lead cell's lead strings: separated by |, ; or new lines within the cell. */
export function splitLeads(text: string): string[] {
  return [...new Set(text.split(/[|;\n]/).map(tidy).filter((s) => s !== ''))];
}

const cell = (row: SourceRow, column: string) => (row.cells.get(column) ?? '').trim();

export interface PlanInputReading {
  input?: PlanInput;
  problems: Problem[];
  /** What was read but deserves a look (a column kept as extra text that looks like a known one). */
  warnings: Problem[];
  /** How problems name the source's tables. */
  names: SourceNames;
}

/**
 * Every cell within the size one stored text value holds (see limits.ts). A row with an
 * oversized cell is reported for that cell alone, so the whole row's size is not checked.
 */
function checkCells(table: SourceTable, problems: Problem[], oversized: Set<string>): void {
  for (const row of table.rows) {
    table.keys.forEach((key, i) => {
      const problem = cellProblem(row.cells.get(key) ?? '');
      if (problem) {
        problems.push(`${row.where}: ${table.headers[i] || '(column)'}: ${problem}`);
        oversized.add(row.where);
      }
    });
  }
}

/** Validates the whole plan; returns the input only when there are no problems at all. */
export function buildPlanInput(planId: string, raw: RawTables, earlier: Problem[] = []): PlanInputReading {
  const problems: Problem[] = [...earlier];
  const warnings: Problem[] = [];
  const oversized = new Set<string>();
  const shape = (table: RawTable | undefined, spec: ColumnSpec): SourceTable | undefined => {
    if (!table) return undefined;
    const shaped = shapeTable(table, spec, raw.kind);
    problems.push(...shaped.problems);
    warnings.push(...shaped.warnings);
    if (shaped.table) checkCells(shaped.table, problems, oversized);
    return shaped.table;
  };
  const tables: SourceTables = {
    people: shape(raw.people, PEOPLE_COLUMNS),
    groups: shape(raw.groups, GROUP_COLUMNS),
    actions: shape(raw.actions, ACTION_COLUMNS),
    measures: shape(raw.measures, MEASURE_COLUMNS),
    measureValues: shape(raw.measureValues, MEASURE_VALUE_COLUMNS),
    terms: shape(raw.terms, TERM_COLUMNS),
  };

  // Rows already reported for an oversized cell are not read further.
  const fits = (t: SourceTable | undefined) => (t && oversized.size > 0 ? { ...t, rows: t.rows.filter((r) => !oversized.has(r.where)) } : t);
  tables.people = fits(tables.people);
  tables.groups = fits(tables.groups);
  tables.actions = fits(tables.actions);
  tables.measures = fits(tables.measures);
  tables.measureValues = fits(tables.measureValues);
  tables.terms = fits(tables.terms);
  const people = tables.people ? readPeople(planId, tables.people, problems) : undefined;
  const names: SourceNames = {
    actions: raw.actions?.name ?? 'actions.csv',
    people: raw.people?.name ?? 'people.csv',
    groups: raw.groups?.name ?? 'groups.csv',
    measures: raw.measures?.name ?? 'measures.csv',
    measureValues: raw.measureValues?.name ?? 'measure_values.csv',
    terms: raw.terms?.name ?? 'terms.csv',
  };
  const groups = tables.groups ? readGroups(planId, tables.groups, people, names.people, problems) : undefined;
  const measuresName = names.measures ?? 'measures.csv';
  const terms = tables.terms ? readTerms(tables.terms, problems) : undefined;
  const measures =
    tables.measures && people
      ? readMeasures(planId, tables.measures, (lead) => people.byLead.get(leadKey(lead)), { people: names.people, leadStrings: people.leadStrings }, problems, terms)
      : undefined;
  // Every id measures.csv writes, read or not, so a row naming a measure with its own problem adds no noise.
  const measureIds = tables.measures ? new Set(tables.measures.rows.map((r) => tidy(cell(r, 'id'))).filter((id) => id !== '')) : undefined;
  let measureValues: ImportedMeasureValue[] | undefined;
  if (tables.measureValues) {
    if (!measures || !measureIds) {
      if (!raw.measures) problems.push(`${tables.measureValues.headerWhere}: id: values need their measures; add ${measuresName}.`);
    } else {
      measureValues = readMeasureValues(tables.measureValues, new Map(measures.map((m) => [m.id, m])), measureIds, measuresName, problems);
    }
  }
  const actions = tables.actions
    ? readActions(planId, tables.actions, people, groups, { ...names, measures: measuresName, measureIds }, problems)
    : undefined;

  if (problems.length > 0 || !people || !groups || !actions) return { problems, warnings, names };
  return {
    input: {
      planId,
      people: people.list,
      groups: groups.list,
      areas: actions.areas,
      actions: actions.list,
      ...(measures && measures.length > 0 ? { measures } : {}),
      ...(measureValues && measureValues.length > 0 ? { measureValues } : {}),
    },
    problems,
    warnings,
    names,
  };
}

interface PeopleRead {
  list: Person[];
  /** leadKey → person id */
  byLead: Map<string, string>;
  /** Every lead string as people.csv writes it, for "did you mean" hints. */
  leadStrings: string[];
  ids: Set<string>;
}

function readPeople(planId: string, table: SourceTable, problems: Problem[]): PeopleRead {
  const known = knownColumns(PEOPLE_COLUMNS);
  const byLead = new Map<string, { id: string; where: string }>();
  const byId = new Map<string, Person>();
  const delegates: { row: SourceRow; value: string; personId: string }[] = [];
  const wherePerson = new Map<string, string>();
  for (const row of table.rows) {
    const lead = tidy(cell(row, 'lead'));
    const email = cell(row, 'email');
    let bad = false;
    if (lead === '') {
      problems.push(`${row.where}: lead: is blank; each row maps one lead string, as the plan writes it, to a person.`);
      bad = true;
    }
    if (email === '') {
      problems.push(`${row.where}: email: is blank; every lead needs the email (UPN) of the person who answers for it.`);
      bad = true;
    } else if (!emailSchema.safeParse(email).success) {
      problems.push(`${row.where}: email: "${email}" is not a valid email address.`);
      bad = true;
    } else {
      const tooLong = keyProblem(personIdOf(email), 'email', 'the email');
      if (tooLong) {
        problems.push(`${row.where}: email: ${tooLong}`);
        bad = true;
      }
    }
    const adminText = cell(row, 'admin').toLowerCase();
    let admin = false;
    if (['yes', 'y', 'true', '1'].includes(adminText)) admin = true;
    else if (!['', 'no', 'n', 'false', '0'].includes(adminText)) {
      problems.push(`${row.where}: admin: "${cell(row, 'admin')}" is not yes or blank.`);
    }
    const channelText = cell(row, 'channel').trim().toLowerCase();
    let channel: Person['channel'];
    if (channelText === 'teams' || channelText === 'email') channel = channelText;
    else if (channelText !== '') {
      problems.push(`${row.where}: channel: "${cell(row, 'channel')}" is not teams, email or blank (blank: Teams where the person can be reached there, else email).`);
    }
    if (bad) {
      // The row is reported already; its lead stays known so rows naming it add no noise.
      if (lead !== '' && !byLead.has(leadKey(lead))) byLead.set(leadKey(lead), { id: '', where: row.where });
      continue;
    }
    const id = personIdOf(email);
    const key = leadKey(lead);
    const earlier = byLead.get(key);
    if (earlier && earlier.id !== '' && earlier.id !== id) {
      problems.push(
        `${row.where}: email: the lead "${lead}" is mapped to ${id} here but to ${earlier.id} at ${earlier.where}; one lead string must name one person.`,
      );
      continue;
    }
    if (!earlier || earlier.id === '') byLead.set(key, { id, where: row.where });
    const person = byId.get(id) ?? {
      planId,
      id,
      name: tidy(cell(row, 'name')) || lead,
      email: email.trim(),
      admin: false,
      leadStrings: [],
      extra: {},
    };
    if (!person.leadStrings.includes(lead)) person.leadStrings.push(lead);
    person.admin = person.admin || admin;
    if (channel && !person.channel) person.channel = channel;
    const aad = cell(row, 'aad_object_id');
    if (aad && !person.aadObjectId) person.aadObjectId = aad;
    const delegate = cell(row, 'delegate');
    if (delegate) delegates.push({ row, value: delegate, personId: id });
    person.extra = { ...extraOf(table, row, known), ...person.extra };
    byId.set(id, person);
    wherePerson.set(id, wherePerson.get(id) ?? row.where);
  }
  for (const [id, person] of byId) {
    const tooBig = rowProblem(person, `the person ${id}`);
    if (tooBig) problems.push(`${wherePerson.get(id)}: (row): ${tooBig}`);
  }
  for (const { row, value, personId } of delegates) {
    const delegateId = personIdOf(value);
    if (!emailSchema.safeParse(value).success) {
      problems.push(`${row.where}: delegate: "${value}" is not a valid email address.`);
    } else if (!byId.has(delegateId)) {
      problems.push(`${row.where}: delegate: ${value} is not the email of anyone in ${table.name}; a delegate must be one of the plan's people.`);
    } else if (delegateId !== personId) {
      const person = byId.get(personId)!;
      if (!person.delegateId) person.delegateId = delegateId;
    }
  }
  return {
    list: [...byId.values()],
    byLead: new Map([...byLead].map(([k, v]) => [k, v.id])),
    leadStrings: [...byId.values()].flatMap((p) => p.leadStrings),
    ids: new Set(byId.keys()),
  };
}

/** A lead string or an email, to a person id ('' for a person whose own row is invalid). */
function resolvePerson(text: string, people: PeopleRead): string | undefined {
  const byLead = people.byLead.get(leadKey(text));
  if (byLead !== undefined) return byLead;
  const asId = personIdOf(text);
  return people.ids.has(asId) ? asId : undefined;
}

interface GroupsRead {
  list: Group[];
  ids: Set<string>;
}

function readGroups(
  planId: string,
  table: SourceTable,
  people: PeopleRead | undefined,
  peopleName: string,
  problems: Problem[],
): GroupsRead {
  const known = knownColumns(GROUP_COLUMNS);
  const byId = new Map<string, { group: Group; where: string; escalatesText: string; row: SourceRow }>();
  for (const row of table.rows) {
    const name = tidy(cell(row, 'group'));
    const id = groupIdOf(name);
    if (name === '' || id === '') {
      problems.push(`${row.where}: group: is blank; every group needs a name.`);
      continue;
    }
    const earlier = byId.get(id);
    if (earlier) {
      problems.push(`${row.where}: group: "${name}" is listed twice (also at ${earlier.where}).`);
      continue;
    }
    const badKey = keyProblem(id, 'group', 'the group\'s name');
    if (badKey) {
      problems.push(`${row.where}: group: ${badKey}`);
      continue;
    }
    let ok = true;
    const kindText = cell(row, 'kind');
    const kind = KIND_WORDS[kindText.toLowerCase().replace(/[^a-z]/g, '')];
    if (!kind) {
      problems.push(`${row.where}: kind: "${kindText}" is not a group kind; use one of ${GROUP_KINDS.join(', ')}.${didYouMean(kindText, GROUP_KINDS)}`);
      ok = false;
    }
    // Co-chairs are separated by "|"; the first named is the group's chair of record.
    const chairTexts = [...new Set(cell(row, 'chair').split('|').map(tidy).filter((t) => t !== ''))];
    const chairIds: string[] = [];
    if (chairTexts.length === 0) {
      problems.push(`${row.where}: chair: is blank; every group needs a chair from ${peopleName}.`);
      ok = false;
    } else if (people) {
      for (const chairText of chairTexts) {
        const chairId = resolvePerson(chairText, people);
        if (chairId === undefined) {
          problems.push(`${row.where}: chair: "${chairText}" is not a lead or email in ${peopleName}; add them there.${didYouMean(chairText, people.leadStrings)}`);
          ok = false;
        } else if (!chairIds.includes(chairId)) chairIds.push(chairId);
      }
    }
    const reportsText = tidy(cell(row, 'reports')).toLowerCase();
    let reports: BoardReports | undefined;
    if (reportsText !== '') {
      if (!(BOARD_REPORTS as readonly string[]).includes(reportsText)) {
        problems.push(`${row.where}: reports: "${cell(row, 'reports')}" is not what a board receives; use ${BOARD_REPORTS.join(' or ')}.`);
        ok = false;
      } else if (kind && kind !== 'board') {
        problems.push(`${row.where}: reports: only a board receives reports; "${name}" is a ${kind} group, so leave it blank.`);
        ok = false;
      } else reports = reportsText as BoardReports;
    }
    const cadenceText = cell(row, 'cadence_days');
    const cadence = /^\d+$/.test(cadenceText) ? Number(cadenceText) : NaN;
    if (!(cadence > 0)) {
      problems.push(`${row.where}: cadence_days: "${cadenceText}" is not a positive whole number of days (3-weekly is 21).`);
      ok = false;
    }
    const meetingText = cell(row, 'next_meeting');
    let nextMeeting: string | undefined;
    if (meetingText === '') {
      problems.push(`${row.where}: next_meeting: is blank; give the date of the group's next meeting.`);
      ok = false;
    } else {
      const reading = parsePlanDate(meetingText);
      if (reading.ok) nextMeeting = reading.date;
      else {
        problems.push(`${row.where}: next_meeting: ${reading.reason}.`);
        ok = false;
      }
    }
    const group: Group = {
      planId,
      id,
      name,
      kind: kind ?? 'taskAndFinish',
      chairId: chairIds[0] ?? '',
      ...(chairIds.length > 1 ? { coChairIds: chairIds.slice(1) } : {}),
      ...(reports ? { reports } : {}),
      cadenceDays: ok ? cadence : 1,
      nextMeeting: nextMeeting ?? '',
      extra: extraOf(table, row, known),
    };
    const tooBig = rowProblem(group, 'the group');
    if (tooBig) problems.push(`${row.where}: (row): ${tooBig}`);
    byId.set(id, { group, where: row.where, escalatesText: tidy(cell(row, 'escalates_to')), row });
  }
  for (const entry of byId.values()) {
    if (entry.escalatesText === '') continue;
    const target = groupIdOf(entry.escalatesText);
    if (!byId.has(target)) {
      problems.push(`${entry.where}: escalates_to: "${entry.escalatesText}" is not a group in ${table.name}.`);
    } else {
      entry.group.escalatesTo = target;
    }
  }
  const reported = new Set<string>();
  for (const entry of byId.values()) {
    const path: string[] = [entry.group.id];
    let next = entry.group.escalatesTo;
    while (next && !path.includes(next)) {
      path.push(next);
      next = byId.get(next)?.group.escalatesTo;
    }
    if (next && next === entry.group.id) {
      const cycle = [...path].sort().join('|');
      if (reported.has(cycle)) continue;
      reported.add(cycle);
      const names = [...path, next].map((id) => byId.get(id)!.group.name);
      problems.push(`${entry.where}: escalates_to: escalations would go round in a loop (${names.join(' → ')}); the chain must end at a board that escalates to no one.`);
    }
  }
  return { list: [...byId.values()].map((e) => e.group), ids: new Set(byId.keys()) };
}

/**
 * The plan's index rows (the refs of one group, one lead, one due date) each fit one entity.
 * A breach is reported at the first action it files, naming the group, lead or date.
 */
function checkIndexRows(actions: Action[], whereOf: Map<string, string>, problems: Problem[]): void {
  // Every ref at once, fully escaped, in one row: when even that fits, no index row can break.
  let all = 0;
  for (const a of actions) all += a.ref.length * 6 + 3;
  if (all <= MAX_ROW_JSON_CHARS) return;
  const rows = new Map<string, { what: string; column: string; refs: string[] }>();
  const file = (key: string, what: string, column: string, ref: string) => {
    const row = rows.get(key);
    if (row) row.refs.push(ref);
    else rows.set(key, { what, column, refs: [ref] });
  };
  for (const a of actions) {
    file(`g\u0000${a.groupId}`, `the group ${a.groupId}`, 'group', a.ref);
    for (const id of a.leadIds) file(`l\u0000${id}`, `the lead ${id}`, 'leads', a.ref);
    if (a.due) file(`d\u0000${a.due}`, `the due date ${a.due}`, 'due', a.ref);
  }
  for (const { what, column, refs } of rows.values()) {
    const chars = indexChars(refs);
    if (chars > MAX_ROW_JSON_CHARS) {
      problems.push(
        `${whereOf.get(refs[0]!)}: ${column}: ${what} has ${refs.length.toLocaleString('en-GB')} actions, whose refs fill ${chars.toLocaleString('en-GB')} characters: more than the one index row that lists them may hold (Azure Table Storage's 1 MiB per entity); split it or shorten the refs.`,
      );
    }
  }
}

interface ActionsRead {
  list: Action[];
  areas: Area[];
}

function readActions(
  planId: string,
  table: SourceTable,
  people: PeopleRead | undefined,
  groups: GroupsRead | undefined,
  names: { people: string; groups: string; measures: string; measureIds?: ReadonlySet<string> },
  problems: Problem[],
): ActionsRead {
  const known = knownColumns(ACTION_COLUMNS);
  const seen = new Map<string, string>();
  const areas = new Map<number, Area>();
  const list: Action[] = [];
  for (const row of table.rows) {
    let ok = true;
    const fail = (column: string, message: string) => {
      problems.push(`${row.where}: ${column}: ${message}`);
      ok = false;
    };
    const ref = tidy(cell(row, 'ref'));
    if (ref === '') fail('ref', 'is blank; every action needs a ref such as 2.4.');
    else if (seen.has(ref)) fail('ref', `"${ref}" is used twice (also at ${seen.get(ref)}); refs must be unique.`);
    else {
      seen.set(ref, row.where);
      const badKey = keyProblem(ref, 'ref', 'the ref');
      if (badKey) fail('ref', badKey);
    }

    const areaText = cell(row, 'area');
    const area = /^\d+$/.test(areaText) ? Number(areaText) : NaN;
    if (!(area > 0)) fail('area', `"${areaText}" is not an area number (a whole number from 1).`);

    const groupText = tidy(cell(row, 'group'));
    const groupId = groupIdOf(groupText);
    if (groupText === '') fail('group', 'is blank; every action belongs to a task-and-finish group.');
    else if (groups && !groups.ids.has(groupId)) {
      fail('group', `"${groupText}" is not a group in ${names.groups}.${didYouMean(groupText, groups.list.map((g) => g.name))}`);
    }

    const text = cell(row, 'action');
    if (text === '') fail('action', 'is blank; the action needs its text.');

    const leadStrings = splitLeads(cell(row, 'leads'));
    const leadIds: string[] = [];
    if (leadStrings.length === 0) fail('leads', 'is blank; every action needs at least one lead.');
    for (const lead of leadStrings) {
      if (!people) continue;
      const id = resolvePerson(lead, people);
      if (id === undefined) {
        fail('leads', `"${lead}" is not a lead in ${names.people}; add a row mapping it to an email.${didYouMean(lead, people.leadStrings)}`);
      }
      else if (id !== '' && !leadIds.includes(id)) leadIds.push(id);
    }

    const statusText = cell(row, 'status');
    const status = parseRating(statusText);
    if (!status) {
      fail('status', `"${statusText}" is not a BRAG status; use ${STATUS_WORDS}, or leave it blank.${didYouMean(statusText, RATING_WORDS)}`);
    }

    const readDate = (column: 'start' | 'due'): string | undefined => {
      const value = cell(row, column);
      if (value === '') return undefined;
      const reading = parsePlanDate(value, column === 'start' ? 'firstDay' : 'lastWorkingDay');
      if (reading.ok) return reading.date;
      fail(column, `${reading.reason}.`);
      return undefined;
    };
    const start = readDate('start');
    const due = readDate('due');
    if (cell(row, 'due') === '' && status && !isComplete(status)) {
      fail('due', 'is blank on an open action; only a blue or green action may have no completion date.');
    }
    if (start && due && start > due) fail('start', `${start} is after the due date ${due}.`);

    const measureIds = [...new Set(cell(row, 'measures').split('|').map(tidy).filter((id) => id !== ''))];
    for (const id of measureIds) {
      if (!names.measureIds) fail('measures', `"${id}" is not a measure: the plan has no ${names.measures}.`);
      else if (!names.measureIds.has(id)) {
        fail('measures', `"${id}" is not a measure in ${names.measures}.${didYouMean(id, [...names.measureIds])}`);
      }
    }

    if (!ok) continue;
    const areaTitle = tidy(cell(row, 'area_title'));
    const sro = tidy(cell(row, 'sro'));
    // An SRO named in people.csv (like a lead) is a person who gets the area's digest; one who
    // is not stays the plan's text.
    const sroId = sro && people ? resolvePerson(sro, people) : undefined;
    const existingArea = areas.get(area);
    if (!existingArea) areas.set(area, { planId, number: area, title: areaTitle, ...(sro ? { sro } : {}), ...(sroId ? { sroId } : {}) });
    else {
      if (!existingArea.title && areaTitle) existingArea.title = areaTitle;
      if (!existingArea.sro && sro) existingArea.sro = sro;
      if (!existingArea.sroId && sroId) existingArea.sroId = sroId;
    }
    const optional = (column: string) => {
      const v = cell(row, column);
      return v === '' ? undefined : v;
    };
    const action: Action = {
      planId,
      ref,
      area,
      groupId,
      text,
      leadIds,
      leadStrings,
      importedStatus: status!,
      brag: status!,
      updateCount: 0,
      extra: extraOf(table, row, known),
    };
    if (start) action.start = start;
    if (due) {
      action.due = due;
      action.originalDue = due;
    }
    if (sro) action.sro = sro;
    if (sroId) action.sroId = sroId;
    if (measureIds.length > 0) action.measureIds = measureIds;
    for (const [column, field] of [
      ['outcome', 'outcome'],
      ['evidence_of_impact', 'evidenceOfImpact'],
      ['note', 'note'],
    ] as const) {
      const v = optional(column);
      if (v !== undefined) action[field] = v;
    }
    let textChars = 0;
    for (const value of row.cells.values()) textChars += value.length;
    for (const id of leadIds) textChars += id.length;
    const tooBig = rowProblem(action, 'the action', textChars);
    if (tooBig) {
      problems.push(`${row.where}: (row): ${tooBig}`);
      continue;
    }
    list.push(action);
  }
  checkIndexRows(list, seen, problems);
  return { list, areas: [...areas.values()].sort((a, b) => a.number - b.number) };
}
