/**
 * The conversation's own cards: help, "not in a plan", short messages (refusals, confirmations,
 * notices), the channel link picker and the status card.
 */
import type { Rating } from '../domain/brag';
import type { Group, Plan } from '../domain/model';
import { capList, daysOverdueText, formatDateTime, formatDue, greeting, leadNamesText, type CappedList } from './format';
import { bragBars, SUMMARY_LIST_MAX, type BragBarsView, type EscalationRowView, type FactView, type OverdueRowView, type TextColour } from './parts';
import { renderCard, type AdaptiveCardJson } from './render';

// ---------------------------------------------------------------------------------------
// help, message, linkPicker

/** Data for cards/help.json; the command list itself is written in the template. */
export interface HelpView {
  /** "Hello Alison." or "Hello." (format.greeting), or '' for none. */
  greeting: string;
}

/** Data for cards/notInPlan.json. */
export interface NotInPlanView {
  /** "Hello Alison." or "Hello." (format.greeting). */
  greeting: string;
  /** The address Teams gave for the account, or "unknown". */
  email: string;
}

export type MessageStyle = 'default' | 'good' | 'attention' | 'warning';

/** A button on a message card: an Action.Execute with a verb from DESIGN.md. */
export interface MessageButton {
  title: string;
  verb: string;
  data: Record<string, unknown>;
}

/** Data for cards/message.json: refusals, confirmations, short notices. Build it with messageView(). */
export interface MessageView {
  title: string;
  text: string;
  facts: FactView[];
  style: MessageStyle;
  /** TextBlock colour of the title, from style. */
  titleColour: TextColour;
  buttons: MessageButton[];
}

export function messageView(input: {
  title: string;
  text: string;
  facts?: FactView[];
  style?: MessageStyle;
  buttons?: MessageButton[];
}): MessageView {
  const style = input.style ?? 'default';
  const titleColour: Record<MessageStyle, TextColour> = { default: 'Default', good: 'Good', attention: 'Attention', warning: 'Warning' };
  return { title: input.title, text: input.text, facts: input.facts ?? [], style, titleColour: titleColour[style], buttons: input.buttons ?? [] };
}

export interface LinkCandidateView {
  groupId: string;
  planId: string;
  name: string;
  /** "Task and finish group" or "Board". */
  kind: string;
  /** The chair's name, or ''. */
  chair: string;
  /** The plan's name, for deployments with several plans. */
  planName: string;
}

/** Data for cards/linkPicker.json. */
export interface LinkPickerView {
  /** What the user typed after "link". */
  query: string;
  candidates: LinkCandidateView[];
}


export interface MissingUpdateRowView {
  planId: string;
  ref: string;
  groupName: string;
  leads: string;
}

/** Data for cards/status.json. */
export interface StatusView {
  planName: string;
  /** "Inclusion", or '' for the whole plan. */
  groupName: string;
  /** formatDateTime of now. */
  asAt: string;
  bars: BragBarsView;
  overdueCount: number;
  overdue: CappedList<OverdueRowView>;
  missingCount: number;
  missing: CappedList<MissingUpdateRowView>;
  escalationCount: number;
  escalations: CappedList<EscalationRowView>;
  /** Open escalations of the scope the reader may not read (see decisions/visibility.ts). */
  escalationsHidden: number;
}

// ---------------------------------------------------------------------------------------
// Builders

/**
 * The command list. `reader` greets them ("Hello Alison.", or "Hello." when Teams gave no given
 * name); without it the card has no greeting, as when it follows "I did not understand".
 */
export function helpCard(reader?: { givenName?: string }): AdaptiveCardJson {
  return renderCard('help', { greeting: reader ? greeting(reader.givenName) : '' });
}

export function notInPlanCard(givenName: string | undefined, email: string | undefined, refused?: 'otherTenant' | 'identityConflict'): AdaptiveCardJson {
  if (refused === 'otherTenant') {
    return messageCard(
      'This plan is run in another organisation',
      "The plan your address is named in belongs to another organisation's Microsoft 365, and this Teams account is not in it, so Plan Pulse cannot act for you here and nothing was changed. Use your account in that organisation, or ask the plan's administrator.",
      'attention',
    );
  }
  if (refused === 'identityConflict') {
    return messageCard(
      'This account is not the one on record',
      "Plan Pulse knows the person at the address your profile gives by another Microsoft 365 account, so it cannot act for them from this one and nothing was changed. If you are that person, ask the plan's administrator to check the Entra object id in the plan's people list.",
      'attention',
    );
  }
  return renderCard('notInPlan', { greeting: greeting(givenName), email: email ?? 'unknown' });
}

export function messageCard(title: string, text: string, style: MessageStyle = 'default', buttons: MessageButton[] = [], facts: FactView[] = []): AdaptiveCardJson {
  return renderCard('message', messageView({ title, text, style, buttons, facts }));
}

/** Several groups match what followed "link": the caller picks one. */
export function linkPickerCard(query: string, candidates: readonly { plan: Pick<Plan, 'id' | 'name'>; group: Group; chairNames: readonly string[] }[]): AdaptiveCardJson {
  return renderCard('linkPicker', {
    query,
    candidates: candidates.map(({ plan, group, chairNames }) => ({
      groupId: group.id,
      planId: plan.id,
      name: group.name,
      kind: group.kind === 'board' ? 'Board' : 'Task and finish group',
      chair: chairNames.filter((n) => n !== '').join(' and '),
      planName: plan.name,
    })),
  });
}

/** One action in a status list: an overdue action or one missing its update. */
export interface StatusActionInput {
  ref: string;
  /** The group's name. */
  group: string;
  due?: string;
  /** Days past its completion date as at the status's day, for an overdue action (facts/overdue). */
  daysOverdue?: number;
  leads: string[];
}

export interface StatusCardInput {
  planId: string;
  planName: string;
  /** The group's name, when the status is for one group. */
  group?: string;
  counts: Record<Rating, number>;
  overdue: readonly StatusActionInput[];
  missingUpdates: readonly StatusActionInput[];
  openEscalations: number;
  /** The open escalations the reader may read, as rows. */
  escalations: readonly EscalationRowView[];
  /** Open escalations in scope the reader may not read. */
  escalationsHidden: number;
  now: Date;
  timeZone: string;
}

export function statusView(input: StatusCardInput): StatusView {
  const planId = input.planId;
  return {
    planName: input.planName,
    groupName: input.group ?? '',
    asAt: formatDateTime(input.now.toISOString(), input.timeZone),
    bars: bragBars(input.counts),
    overdueCount: input.overdue.length,
    overdue: capList(
      input.overdue.map((a) => ({
        planId,
        ref: a.ref,
        groupName: a.group,
        due: formatDue(a.due),
        leads: leadNamesText(a.leads),
        overdueText: a.daysOverdue !== undefined ? daysOverdueText(a.daysOverdue) : '',
      })),
      SUMMARY_LIST_MAX,
    ),
    missingCount: input.missingUpdates.length,
    missing: capList(
      input.missingUpdates.map((a) => ({ planId, ref: a.ref, groupName: a.group, leads: leadNamesText(a.leads) })),
      SUMMARY_LIST_MAX,
    ),
    escalationCount: input.openEscalations,
    escalations: capList(input.escalations, SUMMARY_LIST_MAX),
    escalationsHidden: input.escalationsHidden,
  };
}

export function statusCard(input: StatusCardInput): AdaptiveCardJson {
  return renderCard('status', statusView(input));
}
