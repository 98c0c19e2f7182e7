/** The working-day calendar and plan time, as one import. */
export { isBankHoliday, bankHolidaysOf } from './holidays';
export { addDays, daysBetween, dayOfWeek, isWorkingDay, onOrBeforeWorkingDay, workingDaysAfter, workingDaysBefore } from './workingDays';
export { atPlanTime, planDateOf, wallClockOf, type WallClock } from './timeZone';
export { DEFAULT_SEND_HOURS, defaultSendHours, formatSendHours, inSendWindow, nextSendWindow, parseSendHours, type SendHours } from './sendWindow';
