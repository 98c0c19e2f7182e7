/** The import format's columns (DESIGN.md "Import format"), shared by import and export. */

export interface ColumnSpec {
  required: readonly string[];
  optional: readonly string[];
  /**
   * Other names spreadsheets give a column, matched ignoring case, spaces and punctuation.
   * A column named exactly is read first; an alias fills a column the header does not name.
   */
  aliases?: Readonly<Record<string, readonly string[]>>;
  /** Columns read by nothing but known, so they are neither kept as extra text nor reported. */
  ignored?: readonly string[];
}

/**
 * Columns the CSV export adds that describe the plan's live state. Importing an exported
 * file ignores them (the state lives in storage), so an export round-trips cleanly.
 */
export const EXPORT_ONLY_COLUMNS = [
  'brag',
  'last_update',
  'updates',
  'overdue',
  'open_escalations',
  'trend',
  'next_due',
  'original_due',
  'last_update_by',
  'last_narrative',
] as const;

export const ACTION_COLUMNS = {
  required: ['ref', 'area', 'area_title', 'group', 'action', 'leads', 'start', 'due'],
  optional: ['sro', 'outcome', 'evidence_of_impact', 'status', 'note', 'measures'],
  aliases: {
    ref: ['Ref', 'No.', 'No', 'Number', 'ID', 'Action ref', 'Reference'],
    action: ['Action', 'Description', 'Action description'],
    leads: ['Lead', 'Lead officer', 'Lead officers', 'Owner', 'Owners', 'Responsible', 'Lead(s)'],
    start: ['Start date'],
    due: ['Completion date', 'Target date', 'Deadline', 'Due date', 'Timescale', 'Timescales', 'End date'],
    status: ['RAG', 'BRAG', 'RAG status', 'BRAG status', 'RAG rating', 'BRAG rating', 'Progress'],
  },
  ignored: EXPORT_ONLY_COLUMNS,
} as const satisfies ColumnSpec;

export const PEOPLE_COLUMNS = {
  required: ['lead', 'name', 'email'],
  optional: ['aad_object_id', 'delegate', 'admin', 'channel'],
} as const satisfies ColumnSpec;

export const MEASURE_COLUMNS = {
  required: ['id', 'area', 'measure', 'owner', 'unit', 'direction', 'baseline', 'target', 'frequency'],
  optional: ['target_date', 'baseline_date', 'source', 'definition'],
} as const satisfies ColumnSpec;

export const TERM_COLUMNS = {
  required: ['term', 'start', 'end'],
  optional: [],
} as const satisfies ColumnSpec;

export const MEASURE_VALUE_COLUMNS = {
  required: ['id', 'period', 'value'],
  optional: [],
} as const satisfies ColumnSpec;

export const GROUP_COLUMNS = {
  required: ['group', 'kind', 'chair', 'cadence_days', 'next_meeting'],
  optional: ['escalates_to', 'reports'],
} as const satisfies ColumnSpec;
