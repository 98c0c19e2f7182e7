/** What one plan's tick works with: the plan, its settings, the day, and lazily read people and groups. */
import type { Clock } from '../domain/clock';
import { settingsOf, type Group, type Person, type Plan, type PlanSettings } from '../domain/model';
import type { SendBacklog } from '../outbox/backlog';
import type { Store } from '../storage/store';
import type { Notice } from './notices';

export interface TickCounts {
  /** Messages queued to people: one per person per plan at most, whatever they hold. */
  messages: number;
  cyclesOpened: number;
  cyclesClosed: number;
  prompts: number;
  reminders: number;
  overdueChases: number;
  escalations: number;
  digests: number;
}

export const zeroCounts = (): TickCounts => ({ messages: 0, cyclesOpened: 0, cyclesClosed: 0, prompts: 0, reminders: 0, overdueChases: 0, escalations: 0, digests: 0 });

/** Making people reachable (src/reach), as the scheduler uses it. */
export interface TickReach {
  /** Runs before a cycle opens, with the people it is about to ask; never throws. */
  beforeCycle(planId: string, people: Person[]): Promise<void>;
  /** Installs the app for a person again, so a chat that is gone can be reopened. */
  reinstall?(aadObjectId: string): Promise<boolean>;
}

export interface PlanTickContext {
  store: Store;
  clock: Clock;
  plan: Plan;
  settings: PlanSettings;
  tz: string;
  now: Date;
  today: string;
  counts: TickCounts;
  groups(): Promise<Group[]>;
  people(): Promise<Map<string, Person>>;
  /** When a drain runs alongside: large steps queue only as fast as it sends. */
  backlog?: SendBacklog;
  /** Email can be sent (SMTP_URL, or the embedded store's capture): people outside Teams get mail. */
  mailEnabled?: boolean;
  reach?: TickReach;
  /** What the steps have to tell people; combined and queued once every step has run. */
  notices: Notice[];
  /**
   * What a step records once its notices are queued (a cycle opened, a step or the day's chase
   * done): run after queueing, so a tick cut short runs the step again and queues nothing twice.
   */
  afterQueued: Array<() => Promise<void>>;
}

export function planTickContext(
  store: Store,
  clock: Clock,
  plan: Plan,
  tz: string,
  now: Date,
  today: string,
  counts: TickCounts,
  backlog?: SendBacklog,
): PlanTickContext {
  let groups: Promise<Group[]> | undefined;
  let people: Promise<Map<string, Person>> | undefined;
  return {
    store,
    clock,
    plan,
    settings: settingsOf(plan),
    tz,
    now,
    today,
    counts,
    backlog,
    notices: [],
    afterQueued: [],
    groups: () => (groups ??= store.plans.listGroups(plan.id)),
    people: () => (people ??= store.plans.peopleById(plan.id)),
  };
}
