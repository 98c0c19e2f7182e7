/**
 * The update form's input as it arrives from a card (Action.Execute `update.submit`) or a
 * quick chat update, and its validation. Card inputs arrive as strings: evidence as a
 * comma-joined list, the toggle as "true"/"false"; both shapes are accepted. Each field's
 * problem is reported against that field so the form can show it in place.
 */
import { formatPlanDate } from '../cards/format';
import { z } from 'zod';
import { BRAG_LEGEND, BRAG_VALUES, type Brag } from '../domain/brag';
import { EVIDENCE_TYPES, type EvidenceType } from '../domain/model';
import { findPersonalData, personalDataMessage } from '../privacy/personalData';

export const NARRATIVE_MIN = 20;
export const NARRATIVE_MAX = 2000;
export const TEXT_MAX = 2000;

export type UpdateField = 'brag' | 'narrative' | 'evidence' | 'voice' | 'blockers' | 'escalate' | 'revisedDue' | 'submissionId' | 'ref' | 'personalData';
export type FieldErrors = Partial<Record<UpdateField, string>>;

const optionalText = z
  .union([z.string(), z.number()])
  .optional()
  .transform((v) => (v === undefined ? undefined : String(v).trim() || undefined));

/** The loose shape: anything a client might send, before the rules are applied. */
export const rawUpdateSchema = z
  .object({
    ref: z.union([z.string(), z.number()]).transform(String),
    planId: optionalText,
    brag: optionalText,
    narrative: optionalText,
    evidence: z.union([z.array(z.string()), z.string()]).optional(),
    voice: optionalText,
    blockers: optionalText,
    escalate: z.union([z.boolean(), z.string()]).optional(),
    revisedDue: optionalText,
    submissionId: optionalText,
    /** The writer ticked "I have checked: this identifies no child or family" after a warning. */
    personalDataChecked: z.union([z.boolean(), z.string()]).optional(),
  })
  .passthrough();
export type RawUpdate = z.infer<typeof rawUpdateSchema>;

export interface ValidUpdateInput {
  ref: string;
  planId?: string;
  brag: Brag;
  narrative: string;
  evidence: EvidenceType[];
  voice?: string;
  blockers?: string;
  escalate: boolean;
  revisedDue?: string;
  submissionId: string;
}

/** What the form shows again after an invalid submit: the user's own values. */
export interface UpdateFormValues {
  brag?: string;
  narrative?: string;
  evidence: string[];
  voice?: string;
  blockers?: string;
  escalate: boolean;
  revisedDue?: string;
}

export function formValuesOf(raw: RawUpdate): UpdateFormValues {
  return {
    brag: raw.brag,
    narrative: raw.narrative,
    evidence: splitEvidence(raw.evidence),
    voice: raw.voice,
    blockers: raw.blockers,
    escalate: parseToggle(raw.escalate) ?? false,
    revisedDue: raw.revisedDue,
  };
}

function splitEvidence(value: string[] | string | undefined): string[] {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : value.split(',');
  return list.map((s) => s.trim().toLowerCase()).filter((s) => s !== '');
}

function parseToggle(value: boolean | string | undefined): boolean | undefined {
  if (value === undefined || value === '') return false;
  if (typeof value === 'boolean') return value;
  const v = value.trim().toLowerCase();
  if (v === 'true' || v === 'yes' || v === 'on') return true;
  if (v === 'false' || v === 'no' || v === 'off') return false;
  return undefined;
}

/** Whether a YYYY-MM-DD string names a day that exists (not 31 Feb). */
export function isRealDate(iso: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return false;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
}

/**
 * Applies the form's rules. `today` is the plan's date (YYYY-MM-DD) at submission:
 * a proposed revised completion date must fall after it.
 */
export function validateUpdateInput(
  raw: RawUpdate,
  today: string,
): { ok: true; value: ValidUpdateInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const bragText = raw.brag?.toLowerCase();
  if (!bragText) errors.brag = 'Choose a BRAG rating: blue, green, amber or red.';
  else if (!(BRAG_VALUES as readonly string[]).includes(bragText)) {
    errors.brag = `"${raw.brag}" is not a BRAG rating; choose ${BRAG_VALUES.map((b) => `${b} (${BRAG_LEGEND[b]})`).join(', ')}.`;
  }
  const narrative = raw.narrative ?? '';
  if (narrative.length < NARRATIVE_MIN) {
    errors.narrative = narrative
      ? `The progress update is ${narrative.length} characters long; write at least ${NARRATIVE_MIN} so the group can follow it.`
      : `Write a progress update of at least ${NARRATIVE_MIN} characters.`;
  } else if (narrative.length > NARRATIVE_MAX) {
    errors.narrative = `The progress update is ${narrative.length} characters long; keep it to ${NARRATIVE_MAX.toLocaleString('en-GB')} at most.`;
  }
  const evidence = splitEvidence(raw.evidence);
  const unknown = evidence.filter((e) => !(EVIDENCE_TYPES as readonly string[]).includes(e));
  if (unknown.length > 0) {
    errors.evidence = `Unknown evidence source ${unknown.map((u) => `"${u}"`).join(', ')}; choose from ${EVIDENCE_TYPES.join(', ')}.`;
  }
  if (raw.voice && raw.voice.length > TEXT_MAX) {
    errors.voice = `The co-production note is ${raw.voice.length} characters long; keep it to ${TEXT_MAX.toLocaleString('en-GB')} at most.`;
  }
  if (raw.blockers && raw.blockers.length > TEXT_MAX) {
    errors.blockers = `The blockers note is ${raw.blockers.length} characters long; keep it to ${TEXT_MAX.toLocaleString('en-GB')} at most.`;
  }
  const escalate = parseToggle(raw.escalate);
  if (escalate === undefined) errors.escalate = `Escalate must be true or false, not "${String(raw.escalate)}".`;
  if (raw.revisedDue !== undefined) {
    if (!isRealDate(raw.revisedDue)) {
      errors.revisedDue = `"${raw.revisedDue}" is not a date; pick one from the calendar (YYYY-MM-DD).`;
    } else if (raw.revisedDue <= today) {
      errors.revisedDue = `A revised completion date must be in the future; ${formatPlanDate(raw.revisedDue)} is not after today (${formatPlanDate(today)}).`;
    }
  }
  const checked = parseToggle(raw.personalDataChecked) === true;
  const personal: string[] = [];
  for (const [text, where] of [
    [narrative, 'Progress'],
    [raw.voice, 'How children, young people and families were involved'],
    [raw.blockers, 'Blockers or risks'],
  ] as const) {
    const findings = findPersonalData(text);
    if (findings.some((f) => !f.overridable) || (findings.length > 0 && !checked)) personal.push(personalDataMessage(findings, where));
  }
  if (personal.length > 0) errors.personalData = personal.join(' ');
  if (!raw.submissionId) errors.submissionId = 'The form is missing its submission id; open the form again from "my actions".';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      ref: raw.ref.trim(),
      planId: raw.planId,
      brag: bragText as Brag,
      narrative,
      evidence: [...new Set(evidence)] as EvidenceType[],
      voice: raw.voice,
      blockers: raw.blockers,
      escalate: escalate ?? false,
      revisedDue: raw.revisedDue,
      submissionId: raw.submissionId!,
    },
  };
}
