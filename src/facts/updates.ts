/**
 * Missing updates. The product asks each lead for an update ahead of each meeting: a group's
 * cycle opens some working days before the meeting, and an update recorded at or after that
 * opening answers it (the same rule the reminders and the close use). So:
 *
 * An open (not blue or green) action MISSES ITS UPDATE when it has had no update since its
 * group's current cycle opened. With a cycle open, that is the cycle's opening instant; with
 * none open (between a meeting and the next opening), it is the start of the group's last
 * meeting day: an update given since the last meeting is not missing yet.
 *
 * An update is recorded only by the action's leads (or a delegate standing in for one), so
 * "no update" means no update from its leads.
 */
import { isOpenAction } from '../domain/actions';
import type { Rating } from '../domain/brag';
import { addDays, atPlanTime } from '../calendar';

export interface UpdatedAction {
  brag: Rating;
  lastUpdateAt?: string;
}

/** An update at or after `since` (an instant) answers for the time since. */
export const updatedSince = (action: Pick<UpdatedAction, 'lastUpdateAt'>, since: string): boolean => !!action.lastUpdateAt && action.lastUpdateAt >= since;

/** Whether an open action has had no update since `since` (see updateWindowStart). */
export function missesUpdate(action: UpdatedAction, since: string): boolean {
  return isOpenAction(action) && !updatedSince(action, since);
}

/** The group's last meeting on or before `today`: its series runs every `cadenceDays` from `nextMeeting`. */
export function lastMeetingOn(nextMeeting: string, cadenceDays: number, today: string): string {
  let m = nextMeeting;
  while (m > today) m = addDays(m, -cadenceDays);
  while (addDays(m, cadenceDays) <= today) m = addDays(m, cadenceDays);
  return m;
}

/**
 * Since when an update counts (an ISO instant): the open cycle's opening, else the start of the
 * group's last meeting day in the plan's time zone.
 */
export function updateWindowStart(
  group: { nextMeeting: string; cadenceDays: number },
  openCycle: { openedAt: string } | undefined,
  today: string,
  timeZone: string,
): string {
  if (openCycle) return openCycle.openedAt;
  return atPlanTime(lastMeetingOn(group.nextMeeting, group.cadenceDays, today), 0, timeZone).toISOString();
}
