/**
 * Notices: what one tick has to tell each person (a cycle's prompt, reminder or last call, the
 * week's overdue chase, an escalation to handle, a chair's digest of a closed cycle, an SRO's
 * area digest, the outcome of a proposed blue), as typed facts. The tick's steps add them;
 * once every step has run they are combined into one message per person per plan
 * (`PersonMessageView`), each action once, sections in order of urgency.
 */
import { chairsOf } from '../decisions/authority';
import { createHash } from 'node:crypto';
import { daysBetween } from '../calendar';
import type { Rating } from '../domain/brag';
import type { Action, Escalation, Group, Person } from '../domain/model';
import type { AreaDigestInput, ChairDigestInput } from '../cards';
import type { BoardReportInput } from '../cards/board';
import type { CycleStep } from './cycleSchedule';
import type { Direction, Unit } from '../measures/judgement';

/**
 * Most urgent first: the order of a combined message's sections. `digest` (a chair's decisions
 * at a cycle's close), `report` (a board's report, for a board with no channel) and `area` (an
 * SRO's digest) carry no action list of their own.
 */
export const NOTICE_KINDS = ['escalation', 'digest', 'report', 'lastCall', 'overdue', 'reminder', 'prompt', 'embedding', 'measure', 'outcome', 'area'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export const STEP_NOTICE: Record<CycleStep, NoticeKind> = { open: 'prompt', reminder: 'reminder', lastCall: 'lastCall' };

export interface NoticeAction {
  ref: string;
  text: string;
  brag: Rating;
  due?: string;
}

/** A measure whose value for a period is asked for (src/scheduler/measureAsks.ts). */
export interface NoticeMeasure {
  id: string;
  name: string;
  unit: Unit;
  direction: Direction;
  target: number;
  targetDate?: string;
  /** The period label, e.g. `2024-Q1`. */
  period: string;
  /** Asked for the first time, reminded, or the last call. */
  step: CycleStep;
  /** The plan date the value is due by. */
  answerBy: string;
}

/** One reason an action reached this person as an escalation. */
export interface NoticeCause {
  escalationId: string;
  cause: Escalation['cause'];
  level: Escalation['level'];
  reason: string;
  raisedAt: string;
  /** The group the action belongs to. */
  groupName: string;
}

export interface Notice {
  /** The decision's own idempotency key: the same decision always makes the same key. */
  key: string;
  kind: NoticeKind;
  recipientId: string;
  /** The lead this person stands in for while they are away. */
  onBehalfOf?: { id: string; name: string };
  /** The group whose cycle this is (prompts, reminders, last calls). */
  group?: { id: string; name: string };
  meetingDate?: string;
  actions: NoticeAction[];
  /** For an escalation: why it reached this person. */
  cause?: NoticeCause;
  /** For a measure's value: which measure and period (`kind` is `measure`; `actions` is empty). */
  measure?: NoticeMeasure;
  /** After this instant the notice is no longer worth sending. */
  expiresAt?: Date;
  /** A chair's digest of one group's closed cycle (kind `digest`): what waits for their decision. */
  digest?: ChairDigestInput;
  /** An area's digest for its SRO at a board meeting (kind `area`). */
  area?: AreaDigestInput & { boardId: string; meetingDate: string };
  /** What a chair decided on the lead's proposed blue (kind `outcome`). */
  outcome?: BlueOutcome;
  /** A board's report for a meeting, for its chairs when the board has no channel (kind `report`). */
  report?: ReportReady;
}

/** A board report that is ready, for a board with no linked channel: its chairs open it from their message. */
export interface ReportReady {
  boardId: string;
  boardName: string;
  meetingDate: string;
  remit: 'exceptions' | 'progress';
  /** The report itself, as kept at the meeting: a chair reached by email is sent it, as they cannot open it in Teams. */
  kept: BoardReportInput;
}

/** A chair's decision on a proposed blue, as the lead who proposed it is told. */
export interface BlueOutcome {
  outcome: 'confirmed' | 'declined';
  proposalId: string;
  deciderName: string;
  /** Why not yet (declined). */
  note?: string;
  decidedAt: string;
}

export const noticeAction = (a: Action): NoticeAction => ({ ref: a.ref, text: a.text, brag: a.brag, due: a.due });

/** The end of a notice's key for someone standing in for a lead: their notice and the lead's own are two. */
const forWhomKey = (onBehalfOf: string | undefined): string => (onBehalfOf ? `~for~${onBehalfOf}` : '');

/** The notice key of one cycle step's prompt to one person (for themselves, or standing in for a lead). */
export function cyclePromptKey(groupId: string, meetingDate: string, step: CycleStep, recipientId: string, onBehalfOf?: string): string {
  return `cycle~${groupId}~${meetingDate}~${step}~${recipientId}${forWhomKey(onBehalfOf)}`;
}

/** What a person is asked about some of a lead's actions at one group's meeting. */
interface MeetingAsk {
  group: Group;
  meetingDate: string;
  recipientId: string;
  onBehalfOf?: Person;
  actions: Action[];
  expiresAt: Date;
}

/** A notice asking about actions at a group's meeting (a cycle step's prompt, the embedding question). */
function meetingNotice(key: string, kind: NoticeKind, input: MeetingAsk): Notice {
  return {
    key,
    kind,
    recipientId: input.recipientId,
    onBehalfOf: input.onBehalfOf && { id: input.onBehalfOf.id, name: input.onBehalfOf.name },
    group: { id: input.group.id, name: input.group.name },
    meetingDate: input.meetingDate,
    actions: input.actions.map(noticeAction),
    expiresAt: input.expiresAt,
  };
}

export function cycleNotice(input: MeetingAsk & { step: CycleStep }): Notice {
  const key = cyclePromptKey(input.group.id, input.meetingDate, input.step, input.recipientId, input.onBehalfOf?.id);
  return meetingNotice(key, STEP_NOTICE[input.step], input);
}

/** The question to a green action's leads at its group's cycle: is it embedded (src/domain/embedding.ts)? */
export function embeddingNotice(input: MeetingAsk): Notice {
  return meetingNotice(`embedding~${input.group.id}~${input.meetingDate}~${input.recipientId}${forWhomKey(input.onBehalfOf?.id)}`, 'embedding', input);
}

export function chaseNotice(input: { recipientId: string; onBehalfOf?: Person; actions: Action[]; period: string; expiresAt: Date }): Notice {
  return {
    key: `chase~${input.period}~${input.recipientId}${forWhomKey(input.onBehalfOf?.id)}`,
    kind: 'overdue',
    recipientId: input.recipientId,
    onBehalfOf: input.onBehalfOf && { id: input.onBehalfOf.id, name: input.onBehalfOf.name },
    actions: input.actions.map(noticeAction),
    expiresAt: input.expiresAt,
  };
}

/**
 * The notices telling the chairs who now handle an escalation: every chair of its group (co-chairs
 * alike) who does not lead the action, or its first chair when all of them do. The first chair's
 * key is the escalation's own; once it has climbed, the keys name the level it reached, so each
 * level hears of it once.
 */
export function escalationNotices(escalation: Escalation, action: Action | undefined, groups: readonly Group[]): Notice[] {
  const target = groups.find((g) => g.id === escalation.targetGroupId);
  if (!target?.chairId) return [];
  const origin = groups.find((g) => g.id === escalation.groupId);
  const leads = action?.leadIds ?? [];
  const chairs = chairsOf(target).filter((id) => !leads.includes(id));
  const recipients = chairs.length > 0 ? chairs : [target.chairId];
  const from = escalation.climbedFrom?.at(-1);
  const climbed = from
    ? ` Nobody acknowledged it at ${groups.find((g) => g.id === from)?.name ?? from} within the time allowed, so it has come up to you.`
    : '';
  const base = from ? `escalation~${escalation.id}~at~${target.id}` : `escalation~${escalation.id}`;
  return recipients.map((recipientId, i) => ({
    key: i === 0 ? base : `${base}~${recipientId}`,
    kind: 'escalation',
    recipientId,
    actions: [action ? noticeAction(action) : { ref: escalation.ref, text: '', brag: 'unrated' }],
    cause: {
      escalationId: escalation.id,
      cause: escalation.cause,
      level: escalation.level,
      reason: `${escalation.reason}${climbed}`,
      raisedAt: escalation.raisedAt,
      groupName: origin?.name ?? escalation.groupId,
    },
  }));
}

/** The notice telling the first chair who handles an escalation; undefined when nobody chairs it. */
export function escalationNotice(escalation: Escalation, action: Action | undefined, groups: readonly Group[]): Notice | undefined {
  return escalationNotices(escalation, action, groups)[0];
}

export interface PersonMessageItem {
  action: NoticeAction;
  /** Days past its completion date, as at the tick (overdue section). */
  daysOverdue?: number;
  /** Every escalation that brought this action to this person, oldest first. */
  causes: NoticeCause[];
  /** What a chair decided on its proposed blue (outcome section). */
  outcome?: BlueOutcome;
  /** Less urgent reasons the same action is here, whose sections it is not repeated in. */
  also: Array<{ kind: NoticeKind; group?: { id: string; name: string }; meetingDate?: string; daysOverdue?: number }>;
}

export interface PersonMessageSection {
  kind: NoticeKind;
  group?: { id: string; name: string };
  meetingDate?: string;
  onBehalfOf?: { id: string; name: string };
  items: PersonMessageItem[];
  /** When the section's notices stop being worth answering (a cycle's close, the chase period's end). */
  expiresAt?: Date;
}

export interface PersonMessageMeasure extends NoticeMeasure {
  /** The owner this person stands in for while they are away. */
  onBehalfOf?: { id: string; name: string };
}

const STEP_URGENCY: Record<CycleStep, number> = { lastCall: 0, reminder: 1, open: 2 };

/** Everything one person hears from one plan in one tick. */
export interface PersonMessageView {
  planId: string;
  planName: string;
  recipientId: string;
  /** The recipient's given name, when known, for the greeting ("Hello Alison." or "Hello."). */
  givenName?: string;
  today: string;
  /** The plan's time zone, for the instants the message shows. */
  timeZone: string;
  sections: PersonMessageSection[];
  /** Measure values asked for, the last calls first; each measure and period once. */
  measures: PersonMessageMeasure[];
  /** The chair's digests of the groups whose cycles closed, as one (kind `digest`). */
  digest?: ChairDigestInput;
  /** The SRO's area digests (kind `area`). */
  areas: Array<AreaDigestInput & { boardId: string; meetingDate: string }>;
  /** Board reports ready for this chair, their board having no channel (kind `report`). */
  reports: ReportReady[];
  /** The notices it carries, by key. */
  noticeKeys: string[];
  expiresAt?: Date;
}

const byRef = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/** One view per person: their notices merged, each action once per section with all its causes. */
export function combineNotices(notices: readonly Notice[], plan: { id: string; name: string }, today: string, timeZone: string): PersonMessageView[] {
  const perPerson = new Map<string, Notice[]>();
  for (const n of notices) {
    const list = perPerson.get(n.recipientId) ?? [];
    list.push(n);
    perPerson.set(n.recipientId, list);
  }
  const views: PersonMessageView[] = [];
  for (const [recipientId, theirs] of perPerson) {
    const unique = [...new Map(theirs.map((n) => [n.key, n])).values()];
    const sections = new Map<string, PersonMessageSection>();
    const measures = new Map<string, PersonMessageMeasure>();
    const digests = unique.filter((n) => n.digest).map((n) => n.digest!);
    const areas = unique.filter((n) => n.area).map((n) => n.area!).sort((a, b) => a.facts.area.number - b.facts.area.number);
    const reports = unique
      .filter((n) => n.report)
      .map((n) => n.report!)
      .sort((a, b) => a.meetingDate.localeCompare(b.meetingDate) || a.boardName.localeCompare(b.boardName));
    for (const n of unique) {
      if (n.digest || n.area || n.report) continue;
      if (n.measure) {
        const key = `${n.measure.id}\u0000${n.measure.period}`;
        const earlier = measures.get(key);
        if (!earlier || STEP_URGENCY[n.measure.step] < STEP_URGENCY[earlier.step]) measures.set(key, { ...n.measure, ...(n.onBehalfOf ? { onBehalfOf: n.onBehalfOf } : {}) });
        continue;
      }
      // Escalations share one section whatever their group; a cycle's notices have one per group and meeting.
      const sectionKey = [n.kind, n.kind === 'escalation' ? '' : n.group?.id ?? '', n.meetingDate ?? '', n.onBehalfOf?.id ?? ''].join('\u0000');
      let section = sections.get(sectionKey);
      if (!section) {
        section = { kind: n.kind, group: n.kind === 'escalation' ? undefined : n.group, meetingDate: n.meetingDate, onBehalfOf: n.onBehalfOf, items: [] };
        sections.set(sectionKey, section);
      }
      if (n.expiresAt && (!section.expiresAt || n.expiresAt > section.expiresAt)) section.expiresAt = n.expiresAt;
      for (const action of n.actions) {
        let item = section.items.find((i) => i.action.ref === action.ref);
        if (!item) {
          item = { action, causes: [], also: [] };
          if (n.kind === 'overdue' && action.due) item.daysOverdue = daysBetween(action.due, today);
          section.items.push(item);
        } else if (!item.action.text && action.text) item.action = action;
        if (n.cause && !item.causes.some((c) => c.escalationId === n.cause!.escalationId)) item.causes.push(n.cause);
        if (n.outcome) item.outcome = n.outcome;
      }
    }
    const ordered = [...sections.values()].sort(
      (a, b) => NOTICE_KINDS.indexOf(a.kind) - NOTICE_KINDS.indexOf(b.kind) || (a.group?.name ?? '').localeCompare(b.group?.name ?? '') || (a.onBehalfOf?.name ?? '').localeCompare(b.onBehalfOf?.name ?? ''),
    );
    // Each action once: in its most urgent section, with the other reasons noted beside it.
    const first = new Map<string, PersonMessageItem>();
    for (const s of ordered) {
      s.items = s.items.filter((item) => {
        const earlier = first.get(item.action.ref);
        if (!earlier) {
          first.set(item.action.ref, item);
          return true;
        }
        earlier.also.push({ kind: s.kind, group: s.group, meetingDate: s.meetingDate, daysOverdue: item.daysOverdue });
        // Its buttons come along: an action raised for two causes is listed once with both.
        for (const c of item.causes) if (!earlier.causes.some((e) => e.escalationId === c.escalationId)) earlier.causes.push(c);
        earlier.outcome ??= item.outcome;
        return false;
      });
    }
    const kept = ordered.filter((s) => s.items.length > 0);
    for (const s of kept) {
      s.items.sort((x, y) => byRef(x.action.ref, y.action.ref));
      for (const i of s.items) i.causes.sort((x, y) => x.raisedAt.localeCompare(y.raisedAt) || x.escalationId.localeCompare(y.escalationId));
    }
    const expiries = unique.map((n) => n.expiresAt);
    views.push({
      planId: plan.id,
      planName: plan.name,
      recipientId,
      today,
      timeZone,
      sections: kept,
      measures: [...measures.values()].sort((a, b) => STEP_URGENCY[a.step] - STEP_URGENCY[b.step] || a.name.localeCompare(b.name) || a.period.localeCompare(b.period)),
      digest: mergeDigests(digests),
      areas,
      reports,
      noticeKeys: unique.map((n) => n.key).sort(),
      // A message with anything that never expires never expires; otherwise it lasts as long as its longest-lived notice.
      expiresAt: expiries.every((e) => e) ? new Date(Math.max(...expiries.map((e) => e!.getTime()))) : undefined,
    });
  }
  return views.sort((a, b) => a.recipientId.localeCompare(b.recipientId));
}

/**
 * Several groups' digests of one chair (cycles closing the same day) as one digest. After a gap,
 * a group whose missed meetings all closed in this tick is shown once, as at its latest meeting:
 * what waits for a decision is the same, and the older counts are history.
 */
function mergeDigests(digests: ChairDigestInput[]): ChairDigestInput | undefined {
  if (digests.length === 0) return undefined;
  const latest = new Map<string, ChairDigestInput['groups'][number]>();
  for (const g of digests.flatMap((d) => d.groups)) {
    const seen = latest.get(g.facts.group.id);
    if (!seen || g.facts.meetingDate > seen.facts.meetingDate) latest.set(g.facts.group.id, g);
  }
  return { ...digests[0]!, groups: [...latest.values()].sort((a, b) => a.facts.group.name.localeCompare(b.facts.group.name)) };
}

/** The notice that tells a chair about a group's closed cycle (its digest). */
export function digestNotice(key: string, digest: ChairDigestInput): Notice {
  return { key, kind: 'digest', recipientId: digest.chair.id, actions: [], digest };
}

/** The notice that tells a board's chair its report for a meeting is ready, when no channel receives it. */
export function reportNotice(key: string, recipientId: string, report: ReportReady): Notice {
  return { key, kind: 'report', recipientId, actions: [], report };
}

/** The notice that gives an SRO an area's digest at a board meeting. */
export function areaNotice(key: string, area: AreaDigestInput & { boardId: string; meetingDate: string }): Notice {
  return { key, kind: 'area', recipientId: area.facts.sro.id, actions: [], area };
}

/** The combined message's idempotency key: one per person per plan per set of notices. */
export function combinedKey(view: Pick<PersonMessageView, 'recipientId' | 'noticeKeys'>): string {
  const hash = createHash('sha256').update(view.noticeKeys.join('\u0000')).digest('hex').slice(0, 24);
  return `tick~${view.recipientId}~${hash}`;
}
