/** The scheduler's public surface. */
export { runTick, startSchedulerTimer, summaryLine, SCHEDULER_LEASE, type TickDeps, type TickSummary, type TickLogger } from './tick';
export type { ClosedCycle, CycleClosedHook } from './cycles';
export type { PlanTickContext } from './context';
export type { CycleState, CycleOutcome } from '../storage/cycleRepository';
export { cycleSchedule, currentMeeting, dueStep, type CycleSchedule, type CycleStep } from './cycleSchedule';
