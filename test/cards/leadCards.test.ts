/** The lead's cards: update form, confirmation, my actions, history, help, message, link picker. */
import { MAX_CARD_BYTES, renderCard } from '../../src/cards/render';
import {
  actionRowView,
  historyCountText,
  historyEntryView,
  messageView,
  myActionsCard,
  myActionsPage,
  updateConfirmationView,
  updateFormValues,
  updateFormView,
  type HelpView,
  type HistoryView,
  type LinkPickerView,
} from '../../src/cards';
import { actionsIn, inputsIn, narrativeOf, plymouthActions, ratingFor, sizeOf, textOf } from './plymouthCards';

const PLAN = 'plymouth-2023';
const TODAY = '2024-01-15';
const actions = plymouthActions();
const longest = [...actions].sort((a, b) => b.action.length - a.action.length)[0]!;

function expectSound(card: object): void {
  const json = JSON.stringify(card);
  expect(json).not.toContain('${');
  expect(sizeOf(card)).toBeLessThan(MAX_CARD_BYTES);
}

function formFor(overrides: Partial<Parameters<typeof updateFormView>[0]> = {}) {
  return updateFormView({
    timeZone: 'Europe/London',
    planId: PLAN,
    ref: longest.ref,
    submissionId: 'sub-7f3a',
    actionText: longest.action,
    groupName: longest.group,
    due: '2023-12-29',
    brag: 'amber',
    today: TODAY,
    lastUpdate: { at: '2023-12-04T10:30:00Z', byName: 'Alison Price', narrative: narrativeOf(900) },
    ...overrides,
  });
}

describe('update form', () => {
  it('shows the action with its group, due date, overdue badge, current BRAG and last update', () => {
    const card = renderCard('updateForm', formFor());
    expectSound(card);
    const text = textOf(card);
    expect(longest.action.length).toBeGreaterThan(600);
    expect(text).toContain(`Update action ${longest.ref}`);
    expect(text).toContain(longest.group);
    expect(text).toContain(longest.action.slice(0, 200));
    expect(text).not.toContain(longest.action);
    expect(text).toMatch(/…/);
    expect(text).toContain('Due: 29 Dec 2023');
    expect(text).toContain('Overdue');
    expect(text).toContain('Current BRAG: Amber – Progressing to timescale');
    expect(text).toContain('Last update: 4 Dec 2023, 10:30, Alison Price');
    expect(text).toMatch(/no child's or family's personal data/);
  });

  it('leaves out the overdue badge and says so when there is no last update', () => {
    const card = renderCard('updateForm', formFor({ due: '2024-06-28', lastUpdate: undefined, brag: 'unrated' }));
    expectSound(card);
    const text = textOf(card);
    expect(text).not.toContain('Overdue');
    expect(text).toContain('No update has been recorded for this action yet.');
    expect(text).toContain('Current BRAG: Not yet rated');
    expect(text).not.toContain('The update was not recorded');
  });

  it('has every input with its id, label and rules, and empty values on a fresh form', () => {
    const card = renderCard('updateForm', formFor());
    const inputs = inputsIn(card);
    expect([...inputs.keys()]).toEqual(['brag', 'narrative', 'evidence', 'voice', 'blockers', 'escalate', 'revisedDue']);
    for (const input of inputs.values()) expect(typeof input.label).toBe('string');
    const brag = inputs.get('brag')!;
    // No isRequired: Teams draws its required asterisk in its attention colour, 3.2:1 in the dark
    // theme. As in GOV.UK forms, the optional fields say '(optional)'; the bot checks the rest.
    expect(brag).toMatchObject({ type: 'Input.ChoiceSet', style: 'compact', label: 'BRAG rating', value: '' });
    expect(brag.isRequired).toBeUndefined();
    expect((brag.choices as { title: string; value: string }[]).map((c) => c.value)).toEqual(['blue', 'green', 'amber', 'red']);
    expect((brag.choices as { title: string }[])[0]!.title).toBe('Blue – Complete and embedded');
    const narrative = inputs.get('narrative')!;
    expect(narrative).toMatchObject({ isMultiline: true, label: 'Progress since the last update', maxLength: 2000, value: '' });
    expect(narrative.isRequired).toBeUndefined();
    const pattern = new RegExp(String(narrative.regex));
    expect(pattern.test('too short')).toBe(false);
    expect(pattern.test(narrativeOf(20))).toBe(true);
    expect(pattern.test(narrativeOf(2000))).toBe(true);
    expect(pattern.test(narrativeOf(2001))).toBe(false);
    expect(pattern.test('line one of the update\nline two')).toBe(true);
    expect(inputs.get('evidence')).toMatchObject({ type: 'Input.ChoiceSet', isMultiSelect: true });
    expect((inputs.get('evidence')!.choices as { value: string }[]).map((c) => c.value)).toEqual([
      'audit', 'voice', 'data', 'review', 'minutes', 'surveys',
    ]);
    expect(inputs.get('escalate')).toMatchObject({
      type: 'Input.Toggle', valueOn: 'true', valueOff: 'false', value: 'false', title: "Escalate this action to the group's chair",
    });
    expect(inputs.get('revisedDue')).toMatchObject({ type: 'Input.Date', label: 'Proposed revised completion date (optional)' });
  });

  it('submits with update.submit carrying ref, plan and submission id, and offers My actions', () => {
    const card = renderCard('updateForm', formFor());
    const [submit, list] = actionsIn(card);
    expect(submit).toMatchObject({
      type: 'Action.Execute', verb: 'update.submit', style: 'positive', associatedInputs: 'auto',
      data: { ref: longest.ref, planId: PLAN, submissionId: 'sub-7f3a' },
    });
    expect(list).toMatchObject({ type: 'Action.Execute', verb: 'actions.list', data: {} });
  });

  it('after an invalid submit shows each error under its field and a summary, keeping what the user typed', () => {
    const typed = 'Too short ${not a template}';
    const errors = {
      brag: 'Choose one of blue, green, amber or red; "purple" is not a BRAG rating.',
      narrative: 'The narrative has 27 characters; write at least 20 and at most 2,000.',
      evidence: '"photos" is not an evidence source.',
      voice: 'Say how children, young people and families were involved in at most 2,000 characters.',
      revisedDue: 'The proposed completion date 1 Jan 2024 is in the past; choose a date after 15 Jan 2024.',
      form: 'Nothing was recorded.',
    };
    const view = formFor({
      values: updateFormValues({
        brag: 'red', narrative: typed, evidence: ['audit', 'minutes'], voice: 'Parent carer forum', blockers: 'ICB sign-off',
        escalate: true, revisedDue: '2024-01-01',
      }),
      errors,
    });
    const card = renderCard('updateForm', view);
    expect(sizeOf(card)).toBeLessThan(MAX_CARD_BYTES);
    const inputs = inputsIn(card);
    expect(inputs.get('brag')!.value).toBe('red');
    expect(inputs.get('narrative')!.value).toBe(typed);
    expect(inputs.get('evidence')!.value).toBe('audit,minutes');
    expect(inputs.get('voice')!.value).toBe('Parent carer forum');
    expect(inputs.get('blockers')!.value).toBe('ICB sign-off');
    expect(inputs.get('escalate')!.value).toBe('true');
    expect(inputs.get('revisedDue')!.value).toBe('2024-01-01');

    const body = (card.body ?? []) as Record<string, unknown>[];
    const summary = body[0] as { style: string; items: { text: string }[] };
    expect(summary.style).toBe('attention');
    expect(summary.items.map((i) => i.text)).toEqual(expect.arrayContaining(Object.values(errors).map((e) => `• ${e}`)));
    for (const field of ['brag', 'narrative', 'evidence', 'voice', 'revisedDue'] as const) {
      const at = body.findIndex((el) => el.id === field);
      const next = body[at + 1];
      // Each error sits in an attention-style box, its words in the default colour.
      expect(next).toMatchObject({ type: 'Container', style: 'attention', items: [{ type: 'TextBlock', text: errors[field] }] });
    }
  });

  it('shows no error blocks when only some fields are wrong', () => {
    const card = renderCard('updateForm', formFor({ errors: { narrative: 'Write at least 20 characters.' } }));
    const attention = JSON.stringify(card).match(/"style":"attention"/g) ?? [];
    // the summary, the narrative's error, and the overdue badge
    expect(attention).toHaveLength(3);
    expect(JSON.stringify(card)).not.toMatch(/"color":"Attention"/);
  });
});

describe('update confirmation', () => {
  const base = {
    planId: PLAN,
    ref: '2.4',
    actionText: actions.find((a) => a.ref === '2.4')!.action,
    recordedBy: 'Sam Lee',
    historyCount: 3,
  };

  it('shows what was recorded in full, when, by whom and on whose behalf', () => {
    const narrative = narrativeOf(2000);
    const card = renderCard(
      'updateConfirmation',
      updateConfirmationView({
        timeZone: 'Europe/London',
        ...base,
        onBehalfOf: 'Head of SEND (AP)',
        update: {
          brag: 'green', narrative, evidence: ['audit', 'voice'], voice: 'Young safeguarders reviewed the leaflet.',
          blockers: 'None now.', escalate: true, revisedDue: '2024-06-28', at: '2026-11-27T09:14:00Z',
        },
      }),
    );
    expectSound(card);
    const text = textOf(card);
    expect(text).toContain('Update recorded for 2.4');
    expect(text).toContain('Green – Complete');
    expect(text).toContain(narrative);
    expect(text).toContain('Evidence: Audit, Voice of children, young people and families');
    expect(text).toContain('Young safeguarders reviewed the leaflet.');
    expect(text).toContain('None now.');
    expect(text).toContain("Escalate: Yes – the group's chair will be told");
    expect(text).toContain('Proposed new date: 28 Jun 2024');
    expect(text).toContain('Recorded: 27 Nov 2026, 09:14');
    expect(text).toContain('By: Sam Lee');
    expect(text).toContain('On behalf of: Head of SEND (AP)');
    expect(text).toContain('This action now has 3 updates in its history.');
  });

  it('leaves out what was not given and offers update again, history and my actions', () => {
    const card = renderCard(
      'updateConfirmation',
      updateConfirmationView({
        timeZone: 'Europe/London',
        ...base,
        historyCount: 1,
        update: { brag: 'amber', narrative: 'Waiting for ICB sign-off of the joint commissioning plan.', evidence: [], escalate: false, at: '2026-07-01T08:05:00Z' },
      }),
    );
    expectSound(card);
    const text = textOf(card);
    expect(text).toContain('Recorded: 1 Jul 2026, 09:05');
    expect(text).toContain('Evidence: None recorded');
    expect(text).toContain('Escalate: No');
    expect(text).not.toContain('On behalf of');
    expect(text).not.toContain('Proposed new date');
    expect(text).not.toContain('Blockers');
    expect(text).toContain('This action now has 1 update in its history.');
    expect(actionsIn(card).map((a) => [a.verb, a.data])).toEqual([
      ['update.open', { ref: '2.4', planId: PLAN, again: true }],
      ['history.show', { ref: '2.4', planId: PLAN }],
      ['actions.list', {}],
    ]);
  });
});

describe('my actions', () => {
  const rows = actions.slice(0, 40).map((a, i) => ({
    ...actionRowView({ planId: PLAN, ref: a.ref, text: a.action, groupName: a.group, due: a.due, brag: ratingFor(i), leads: a.leads, today: TODAY }),
    groupNextMeeting: '2024-01-23',
  }));

  it('pages a lead with 40 actions into four cards well under the size limit', () => {
    const seen: string[] = [];
    for (let page = 1; page <= 4; page++) {
      const card = renderCard('myActions', myActionsPage(rows, page));
      expectSound(card);
      expect(sizeOf(card)).toBeLessThan(MAX_CARD_BYTES / 2);
      const updates = actionsIn(card).filter((a) => a.verb === 'update.open');
      expect(updates).toHaveLength(10);
      for (const u of updates) expect(u.data).toEqual({ ref: expect.any(String), planId: PLAN });
      seen.push(...updates.map((u) => String(u.data!.ref)));
      expect(textOf(card)).toContain(`page ${page} of 4`);
    }
    expect(seen).toEqual(actions.slice(0, 40).map((a) => a.ref));
  });

  it('groups each page by group with the next meeting and shows BRAG, due date and overdue', () => {
    const card = renderCard('myActions', myActionsPage(rows, 1));
    const text = textOf(card);
    expect(text).toContain('Governance, oversight, culture and workforce');
    expect(text).toContain('Next meeting 23 Jan 2024');
    expect(text).toContain('Actions 1–10 of 40');
    expect(text).toContain('**1.1** ');
    expect(text).toMatch(/Due 28 Dec 2023/);
    expect(text).toContain('Overdue');
    expect(text).toContain('Red');
    const longText = rows[0]!.text;
    expect(Array.from(longText).length).toBeLessThanOrEqual(140);
  });

  it('offers Next on the first page, both on a middle page and Previous on the last', () => {
    const verbsOn = (page: number) =>
      actionsIn(renderCard('myActions', myActionsPage(rows, page)))
        .filter((a) => a.verb === 'actions.page')
        .map((a) => [a.title, a.data]);
    expect(verbsOn(1)).toEqual([['Next', { page: 2 }]]);
    expect(verbsOn(2)).toEqual([['Previous', { page: 1 }], ['Next', { page: 3 }]]);
    expect(verbsOn(4)).toEqual([['Previous', { page: 3 }]]);
    expect(verbsOn(99)).toEqual([['Previous', { page: 3 }]]);
  });

  it("dates a blue proposed at 00:30 BST on the plan's day", () => {
    const a = actions[0]!;
    // 23:30 UTC on 1 May is 00:30 on 2 May in British Summer Time.
    const proposed = '2024-05-01T23:30:00.000Z';
    const action = {
      planId: PLAN, ref: a.ref, area: 1, groupId: 'graduated-response', text: a.action, leadIds: ['sam@plymouth.example'], leadStrings: a.leads,
      importedStatus: 'amber' as const, brag: 'green' as const, updateCount: 4, greenSince: '2024-04-10', extra: {},
      blueProposal: { updateId: 'upd-blue', at: proposed, by: 'sam@plymouth.example' },
    };
    const card = myActionsCard([{ action, leadNames: a.leads }], { page: 1, today: '2024-05-02', timeZone: 'Europe/London' });
    expect(textOf(card)).toContain('Blue proposed on 2 May 2024, waiting for a chair');
  });

  it('says so when the lead has no open actions', () => {
    const card = renderCard('myActions', myActionsPage([], 1));
    expectSound(card);
    expect(textOf(card)).toContain('You have no open actions.');
    expect(actionsIn(card)).toHaveLength(0);
  });
});

describe('history', () => {
  it("shows an action's last updates newest first with a way back to the form", () => {
    const updates = [5, 4, 3, 2, 1].map((n, i) =>
      historyEntryView({
        timeZone: 'Europe/London',
        at: `2024-01-0${n}T15:00:00Z`, byName: 'Sam Lee', onBehalfOfName: i === 0 ? 'Head of SEND (AP)' : undefined,
        brag: ratingFor(i), narrative: narrativeOf(2000), evidence: ['data', 'minutes'], revisedDue: i === 1 ? '2024-09-30' : undefined,
      }),
    );
    const view: HistoryView = {
      planId: PLAN, ref: '6.3', actionText: actions.find((a) => a.ref === '6.3')!.action, groupName: 'Graduated Response',
      updates, total: 12, countText: historyCountText(5, 12),
    };
    const card = renderCard('history', view);
    expectSound(card);
    const text = textOf(card);
    expect(text).toContain('History of action 6.3');
    expect(text).toContain('Showing the last 5 of 12 updates, newest first.');
    expect(text.indexOf('5 Jan 2024, 15:00')).toBeLessThan(text.indexOf('1 Jan 2024, 15:00'));
    expect(text).toContain('Sam Lee on behalf of Head of SEND (AP)');
    expect(text).toContain('Evidence: Data, Minutes');
    expect(text).toContain('Proposed a new completion date: 30 Sep 2024');
    expect(text).not.toContain(narrativeOf(501));
    expect(text).toContain(narrativeOf(499));
    expect(actionsIn(card)[0]).toMatchObject({ verb: 'update.open', data: { ref: '6.3', planId: PLAN } });
  });
});

describe('help, message and link picker', () => {
  it('lists every chat command and offers my actions', () => {
    const view: HelpView = { greeting: 'Hello Alison.' };
    const card = renderCard('help', view);
    expectSound(card);
    const text = textOf(card);
    for (const command of ['help', 'my actions', 'update 2.4', '2.4 amber waiting for ICB sign-off', 'status, or status Inclusion', 'digest', 'away until 1 December 2026', 'link Inclusion']) {
      expect(text).toContain(`${command}: `);
    }
    // Teams reads <...> in card text as markup and shows nothing of it; the examples are plain words.
    expect(text).not.toMatch(/<[^>]*>/);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(actionsIn(card).map((a) => a.verb)).toEqual(['actions.list']);
  });

  it('shows a refusal with its style, facts and no buttons', () => {
    const card = renderCard(
      'message',
      messageView({
        title: 'You cannot update 2.4',
        text: 'Only the leads of 2.4 (Head of SEND (AP), Director EPS (AG)) or their delegates can update it.',
        style: 'attention',
        facts: [{ title: 'Action', value: '2.4' }],
      }),
    );
    expectSound(card);
    expect(JSON.stringify(card)).toContain('"style":"attention"');
    expect(textOf(card)).toContain('Only the leads of 2.4 (Head of SEND (AP), Director EPS (AG)) or their delegates can update it.');
    expect(textOf(card)).toContain('Action: 2.4');
    expect(actionsIn(card)).toHaveLength(0);
  });

  it('renders a plain confirmation with a button and no facts', () => {
    const card = renderCard(
      'message',
      messageView({ title: 'Channel linked', text: 'This channel now receives the summaries of Inclusion.', style: 'good', buttons: [{ title: 'My actions', verb: 'actions.list', data: {} }] }),
    );
    expectSound(card);
    expect(JSON.stringify(card)).not.toContain('FactSet');
    expect(actionsIn(card)).toEqual([{ type: 'Action.Execute', title: 'My actions', verb: 'actions.list', data: {} }]);
  });

  it('offers one link.pick button per matching group', () => {
    const view: LinkPickerView = {
      query: 'send',
      candidates: [
        { groupId: 'send-sufficiency-and-provision', planId: PLAN, name: 'SEND Sufficiency and Provision', kind: 'Task and finish group', chair: 'Head of SEND (AP)', planName: 'Plymouth 2023' },
        { groupId: 'send-strategic-delivery-group-ssdg', planId: PLAN, name: 'SEND Strategic Delivery Group (SSDG)', kind: 'Board', chair: '', planName: 'Plymouth 2023' },
      ],
    };
    const card = renderCard('linkPicker', view);
    expectSound(card);
    expect(textOf(card)).toContain("Several groups match 'send'");
    expect(textOf(card)).toContain('Task and finish group · chair Head of SEND (AP) · Plymouth 2023');
    expect(textOf(card)).toContain('Board · Plymouth 2023');
    expect(actionsIn(card).map((a) => [a.verb, a.data])).toEqual([
      ['link.pick', { groupId: 'send-sufficiency-and-provision', planId: PLAN }],
      ['link.pick', { groupId: 'send-strategic-delivery-group-ssdg', planId: PLAN }],
    ]);
  });
});
