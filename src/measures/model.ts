/** An impact measure of a plan's area, as the plan defines it, and one recorded value. */
import type { MeasureTarget, Unit } from './judgement';

/** A measure is its target (judgement.ts) with who owns it and how the plan words it. */
export interface Measure extends MeasureTarget {
  planId: string;
  /** The plan's own id for the measure, e.g. `ehcp-20wk`. */
  id: string;
  area: number;
  /** What is measured, as the plan words it. */
  name: string;
  /** The person asked for each period's value, and the lead string the plan names them by. */
  ownerId: string;
  ownerLead: string;
  unit: Unit;
  /** Where the figure comes from (a system, a return, a link). */
  source?: string;
  /** How the figure is counted, when the plan says (measures.csv `definition`). */
  definition?: string;
}

export interface RecordedMeasureValue {
  planId: string;
  measureId: string;
  /** The period label, e.g. `2024-Q1`. */
  period: string;
  value: number;
  note?: string;
  source?: string;
  /** Who recorded it (a person id, or `import`) and when (ISO). */
  recordedBy: string;
  recordedAt: string;
  /** The owner a delegate recorded it for. */
  onBehalfOf?: string;
  /** The form's id: the same form sent again records nothing new. */
  submissionId?: string;
}
