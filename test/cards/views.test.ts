/** The view-model helpers: BRAG wording and colours, dates, truncation, bars and paging. */
import {
  actionRowView,
  bragBars,
  bragChoices,
  bragColour,
  bragLabel,
  capList,
  formatDate,
  formatDateTime,
  formatPlanDate,
  myActionsPage,
  overdueText,
  readResolveNote,
  resolveNoteInputId,
  truncate,
  updateFormValues,
  updateFormView,
} from '../../src/cards';
import { isOverdue } from '../../src/domain/brag';

describe('BRAG wording and colours', () => {
  it('uses the legend words and the Adaptive Card colours of each rating', () => {
    expect(bragLabel('blue')).toBe('Blue – Complete and embedded');
    expect(bragLabel('red')).toBe('Red – Little or no progress/delayed');
    expect(bragLabel('unrated')).toBe('Not yet rated');
    expect(['blue', 'green', 'amber', 'red', 'unrated'].map((r) => bragColour(r as 'blue'))).toEqual(['Accent', 'Good', 'Warning', 'Attention', 'Default']);
    expect(bragChoices().map((c) => c.title)).toEqual([
      'Blue – Complete and embedded', 'Green – Complete', 'Amber – Progressing to timescale', 'Red – Little or no progress/delayed',
    ]);
  });
});

describe('dates', () => {
  it('writes calendar dates as written, whatever the time zone', () => {
    expect(formatDate('2024-03-31', 'Europe/London')).toBe('31 Mar 2024');
    expect(formatDate('2023-09-01', 'Pacific/Auckland')).toBe('1 Sep 2023');
    expect(formatPlanDate('2023-09-01')).toBe('1 Sep 2023');
  });

  it('refuses an instant where a plan date is due, rather than guess its time zone', () => {
    expect(() => formatPlanDate('2026-07-01T23:30:00Z')).toThrow(/is not a plan date/);
  });

  it('writes instants in London time across the clock change', () => {
    expect(formatDateTime('2026-11-27T09:14:00Z', 'Europe/London')).toBe('27 Nov 2026, 09:14');
    expect(formatDateTime('2026-07-01T23:30:00Z', 'Europe/London')).toBe('2 Jul 2026, 00:30');
    expect(formatDate('2026-07-01T23:30:00Z', 'Europe/London')).toBe('2 Jul 2026');
    expect(formatDateTime('2026-07-01T23:30:00Z', 'UTC')).toBe('1 Jul 2026, 23:30');
  });

  it('refuses something that is not a date', () => {
    expect(() => formatDateTime('next Tuesday', 'Europe/London')).toThrow(/"next Tuesday" is not a date/);
  });

  it('calls an action overdue only when past due and not complete', () => {
    expect(isOverdue({ due: '2024-01-14', brag: 'amber' }, '2024-01-15')).toBe(true);
    expect(isOverdue({ due: '2024-01-14', brag: 'unrated' }, '2024-01-15')).toBe(true);
    expect(isOverdue({ due: '2024-01-15', brag: 'red' }, '2024-01-15')).toBe(false);
    expect(isOverdue({ due: '2024-01-14', brag: 'green' }, '2024-01-15')).toBe(false);
    expect(isOverdue({ due: '2024-01-14', brag: 'blue' }, '2024-01-15')).toBe(false);
    expect(isOverdue({ brag: 'red' }, '2024-01-15')).toBe(false);
    expect(overdueText('2024-01-14', '2024-01-15')).toBe('1 day overdue');
    expect(overdueText('2023-12-28', '2024-01-15')).toBe('18 days overdue');
  });
});

describe('truncate and capList', () => {
  it('cuts long text to the limit with an ellipsis and leaves short text alone', () => {
    expect(truncate('Waiting for ICB sign-off', 100)).toBe('Waiting for ICB sign-off');
    const cut = truncate('a'.repeat(700), 600);
    expect(Array.from(cut)).toHaveLength(600);
    expect(cut.endsWith('…')).toBe(true);
    expect(truncate('one two three', 8)).toBe('one two…');
    expect(Array.from(truncate('😀'.repeat(10), 5))).toHaveLength(5);
  });

  it('keeps the first items and counts the rest', () => {
    expect(capList([1, 2, 3, 4], 3)).toEqual({ items: [1, 2, 3], more: 1 });
    expect(capList([1], 3)).toEqual({ items: [1], more: 0 });
  });
});

describe('bragBars', () => {
  it('gives each rating a bar weighted by its count and a remainder up to the largest', () => {
    const bars = bragBars({ blue: 1, green: 0, amber: 6, red: 3 });
    expect(bars.total).toBe(10);
    expect(bars.rows.map((r) => [r.rating, r.barWidth, r.restWidth, r.showBar, r.showRest, r.percent])).toEqual([
      ['blue', 1, 5, true, true, '10%'],
      ['green', 0, 6, false, true, '0%'],
      ['amber', 6, 0, true, false, '60%'],
      ['red', 3, 3, true, true, '30%'],
      ['unrated', 0, 6, false, true, '0%'],
    ]);
    expect(bars.segments.map((s) => [s.rating, s.width, s.style])).toEqual([['blue', 1, 'accent'], ['amber', 6, 'warning'], ['red', 3, 'attention']]);
    expect(bars.summary).toBe('Blue 1 · Green 0 · Amber 6 · Red 3 · Not yet rated 0');
    expect(bars.isEmpty).toBe(false);
  });

  it('marks a group without actions as empty', () => {
    const bars = bragBars({});
    expect(bars.isEmpty).toBe(true);
    expect(bars.segments).toEqual([]);
    expect(bars.rows.every((r) => !r.showBar && !r.showRest)).toBe(true);
  });
});

describe('update form view', () => {
  it('turns submitted values back into input strings', () => {
    expect(updateFormValues({ brag: 'amber', evidence: ['audit', 'voice'], escalate: true })).toEqual({
      brag: 'amber', narrative: '', evidence: 'audit,voice', voice: '', blockers: '', escalate: 'true', revisedDue: '',
    });
    expect(updateFormValues({ evidence: 'data,minutes', escalate: 'false' })).toMatchObject({ evidence: 'data,minutes', escalate: 'false' });
  });

  it('collects the errors for the summary, the whole-form error first', () => {
    const view = updateFormView({
      timeZone: 'Europe/London',
      planId: 'p', ref: '2.4', submissionId: 's', actionText: 'Text', groupName: 'Inclusion', brag: 'red', today: '2024-01-15',
      errors: { narrative: 'Too short.', form: 'Nothing was recorded.', brag: '' },
    });
    expect(view.errorSummary).toEqual(['Nothing was recorded.', 'Too short.']);
    expect(view.hasErrors).toBe(true);
    expect(view.due).toBe('No date');
  });
});

describe('paging my actions', () => {
  const rows = Array.from({ length: 23 }, (_, i) =>
    actionRowView({ planId: 'p', ref: `${Math.floor(i / 10) + 1}.${i}`, text: 'Action', groupName: `Group ${Math.floor(i / 10)}`, brag: 'amber', leads: ['Lead'], today: '2024-01-15' }),
  );

  it('regroups each page and clamps pages out of range', () => {
    const second = myActionsPage(rows, 2, 10);
    expect(second.groups.map((g) => [g.groupName, g.actions.length])).toEqual([['Group 1', 10]]);
    expect(second).toMatchObject({ page: 2, pageCount: 3, hasPrevious: true, hasNext: true, rangeText: 'Actions 11–20 of 23' });
    expect(myActionsPage(rows, 0, 10).page).toBe(1);
    expect(myActionsPage(rows, 7, 10)).toMatchObject({ page: 3, hasNext: false, rangeText: 'Actions 21–23 of 23' });
  });
});

describe('resolve note', () => {
  it('reads the note from the input named for the escalation', () => {
    const id = resolveNoteInputId('esc-42');
    expect(readResolveNote({ escalationId: 'esc-42', [id]: 'Agreed a new date.' }, 'esc-42')).toBe('Agreed a new date.');
    expect(readResolveNote({ escalationId: 'esc-42', note: 'Plain note.' }, 'esc-42')).toBe('Plain note.');
    expect(readResolveNote({ escalationId: 'esc-42' }, 'esc-42')).toBeUndefined();
  });
});
