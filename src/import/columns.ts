/** The import format's columns (DESIGN.md "Import format"), shared by import and export. */

export const ACTION_COLUMNS = {
  required: ['ref', 'area', 'area_title', 'group', 'action', 'leads', 'start', 'due'],
  optional: ['sro', 'outcome', 'evidence_of_impact', 'status', 'note'],
} as const;

export const PEOPLE_COLUMNS = {
  required: ['lead', 'name', 'email'],
  optional: ['aad_object_id', 'delegate', 'admin'],
} as const;

export const GROUP_COLUMNS = {
  required: ['group', 'kind', 'chair', 'cadence_days', 'next_meeting'],
  optional: ['escalates_to'],
} as const;

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
