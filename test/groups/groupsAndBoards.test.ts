import { cardText, startGroupsBot, PLAN_ID, type GroupsBot } from './support';
import type { TestUser } from '../support/botHarness';

const INCLUSION_CHANNEL = '19:inclusion-channel@thread.tacv2';
const SSDG_CHANNEL = '19:ssdg-channel@thread.tacv2';

/** Cards in a channel: posts in it and replies in its threads (conversation ids "channel;messageid=..."). */
const channelCards = (bot: GroupsBot, channelId: string) =>
  bot.connector.sent
    .filter((r) => r.status < 300 && (r.operation === 'send' || r.operation === 'reply') && (r.conversationId ?? '').split(';')[0] === channelId)
    .map((r) => cardText(r.activity));

describe('groups and boards through one scripted cycle of the Plymouth plan', () => {
  let bot: GroupsBot;
  let jb: TestUser; // chair of Inclusion
  let mm: TestUser; // lead of 3.1 and 3.5
  let ap: TestUser; // plan administrator and lead of 3.4
  let dh: TestUser; // chair of the SSDG board
  let originalDue: string | undefined;

  beforeAll(async () => {
    bot = await startGroupsBot('2023-11-08T09:00:00Z');
    jb = bot.user('jb@plymouth.example', 'Head of Education (JB)');
    mm = bot.user('mm@plymouth.example', 'PBWG as leads for schools and colleges (MM)');
    ap = bot.user('ap@plymouth.example', 'Head of SEND (AP)');
    dh = bot.user('dh@plymouth.example', 'DCS PCC (DH)');
    for (const u of [jb, mm, ap, dh]) await bot.say(u, 'help');
    originalDue = (await bot.store.plans.getAction(PLAN_ID, '3.1'))!.value.due;
  }, 60_000);
  afterAll(() => bot?.close());

  it('refuses to link a channel for a lead who is not the chair, naming the chair', async () => {
    await bot.inChannel(mm, INCLUSION_CHANNEL, 'link Inclusion');
    const reply = channelCards(bot, INCLUSION_CHANNEL).pop()!;
    expect(reply).toContain('Only the chair of Inclusion (Head of Education (JB))');
    expect((await bot.store.plans.getGroup(PLAN_ID, 'inclusion'))!.value.channel).toBeUndefined();
  });

  it('offers a pick-list when the name matches several groups', async () => {
    await bot.inChannel(jb, INCLUSION_CHANNEL, 'link SEND');
    const text = channelCards(bot, INCLUSION_CHANNEL).pop()!;
    expect(text).toContain('link.pick');
    expect(text).toContain('SEND Strategic Delivery Group (SSDG)');
    expect(text).toContain('SEND Sufficiency and Provision');
    expect(text).toContain('Local Area SEND Improvement Board');
  });

  it('links the channel for the chair, and the board channel for the board chair', async () => {
    await bot.inChannel(jb, INCLUSION_CHANNEL, 'link inclusion');
    const group = (await bot.store.plans.getGroup(PLAN_ID, 'inclusion'))!.value;
    expect(group.channel?.conversation.id).toBe(INCLUSION_CHANNEL);
    expect(group.channelLinkedBy).toBe('jb@plymouth.example');
    await bot.inChannel(dh, SSDG_CHANNEL, 'link strategic delivery');
    const board = (await bot.store.plans.listGroups(PLAN_ID)).find((g) => g.name === 'SEND Strategic Delivery Group (SSDG)')!;
    expect(board.channel?.conversation.id).toBe(SSDG_CHANNEL);
  });

  it('posts one channel summary and one chair digest with the cycle\'s facts when the cycle closes', async () => {
    await bot.tick('2023-11-09T09:30:00Z'); // Inclusion's cycle opens (its actions start at the end of October): prompts go out
    const red = await bot.invoke(mm, 'update.submit', {
      ref: '3.5', planId: PLAN_ID, brag: 'red', narrative: 'Schools have not signed the inclusion charter.', evidence: 'voice,data',
      voice: 'Parents at the October forum told us exclusions are rising.', escalate: 'true', submissionId: 'mm-3.5',
    });
    expect(cardText(red.body.value)).toContain('3.5');
    await bot.invoke(mm, 'update.submit', {
      ref: '3.1', planId: PLAN_ID, brag: 'amber', narrative: 'Training moved to the summer term.', evidence: 'minutes',
      revisedDue: '2024-06-28', submissionId: 'mm-3.1',
    });
    const green = await bot.invoke(ap, 'update.submit', { ref: '3.4', planId: PLAN_ID, brag: 'green', narrative: 'The audit of inclusion support plans is complete across all schools.', evidence: 'audit', submissionId: 'ap-3.4' });
    expect((await bot.store.plans.getAction(PLAN_ID, '3.4'))!.value.brag).toBe('green');
    expect(green.status).toBe(200);

    const summary = await bot.tick('2023-11-16T09:30:00Z'); // the meeting: Inclusion's cycle closes
    expect(summary.closedCycles.map((c) => c.groupId)).toContain('inclusion');

    const posted = channelCards(bot, INCLUSION_CHANNEL).filter((t) => t.includes('Cycle summary for the meeting on 16 Nov 2023'));
    expect(posted).toHaveLength(1);
    const card = posted[0]!;
    expect(card).toContain('Inclusion');
    expect(card).toContain('Red 1');
    expect(card).toContain('Green 1');
    expect(card).toContain('Amber 1');
    expect(card).toContain('3.5'); // the escalation raised in the cycle
    expect(card).toContain("Lead's request");
    expect(card).toContain('28 Jun 2024'); // the proposed date change
    expect(card).toContain('Proposed by PBWG as leads for schools and colleges (MM)');
    // MM answered 3.1 and 3.5 but not 3.2, 3.3 and 3.6; their names are listed with those refs.
    expect(card).toMatch(/PBWG as leads for schools and colleges \(MM\)[\s\S]*3\.2, 3\.3, 3\.6/);
    const cycle = (await bot.store.cycles.get(PLAN_ID, 'inclusion', '2023-11-16'))!.value;
    const asked = Object.keys(cycle.asked).length;
    expect(card).toMatch(new RegExp(`\\d+ of ${asked} leads answered\\.`));

    // JB chairs Inclusion but leads 3.1: the proposed date goes to the SSDG's chair (DH) instead.
    const chairs = bot.cardsTo(jb).map(cardText).filter((t) => t.includes('leads answered') && t.includes('escalation.ack'));
    expect(chairs).toHaveLength(1);
    expect(chairs[0]).not.toContain('revisedDate.approve');
    const digest = bot.cardsTo(dh).map(cardText).filter((t) => t.includes('revisedDate.approve'));
    expect(digest).toHaveLength(1);
    expect(digest[0]).toContain('3.1');
    expect(digest[0]).toContain('28 Jun 2024');
    expect(digest[0]).toContain('Training moved to the summer term.');
    expect(digest[0]).toContain('escalation.ack'); // 3.5 waits for acknowledgement

    const snapshot = await bot.store.snapshots.get(PLAN_ID, 'inclusion', '2023-11-16');
    expect(snapshot?.actions['3.5']?.brag).toBe('red');
    expect(snapshot?.actions['3.4']?.brag).toBe('green');
  }, 60_000);

  it('does not post the summary again when the tick runs again', async () => {
    const before = bot.connector.sent.filter((r) => r.conversationId === INCLUSION_CHANNEL && r.operation === 'send').length;
    await bot.tick('2023-11-16T09:45:00Z');
    await bot.tick('2023-11-16T10:00:00Z');
    const after = bot.connector.sent.filter((r) => r.conversationId === INCLUSION_CHANNEL && r.operation === 'send').length;
    expect(after).toBe(before);
  }, 60_000);

  it('refuses a revised date approval from a lead, even the chair who leads it, and changes nothing', async () => {
    const proposal = (await bot.store.updates.history(PLAN_ID, '3.1')).find((u) => u.revisedDue)!;
    const res = await bot.invoke(mm, 'revisedDate.approve', { planId: PLAN_ID, ref: '3.1', updateId: proposal.id });
    expect(cardText(res.body.value)).toContain('You lead action 3.1, so you cannot approve a revised completion date for action 3.1: nobody decides on their own request. It goes to DCS PCC (DH)');
    expect((await bot.store.plans.getAction(PLAN_ID, '3.1'))!.value.due).toBe(originalDue);
    const chair = await bot.invoke(jb, 'revisedDate.approve', { planId: PLAN_ID, ref: '3.1', updateId: proposal.id });
    expect(cardText(chair.body.value)).toContain('You lead action 3.1');
    expect((await bot.store.plans.getAction(PLAN_ID, '3.1'))!.value.due).toBe(originalDue);
  });

  it('approves the date for the chair it was passed to: the due date moves, the history shows the drift, the channel message is edited in place', async () => {
    const proposal = (await bot.store.updates.history(PLAN_ID, '3.1')).find((u) => u.revisedDue)!;
    const res = await bot.invoke(dh, 'revisedDate.approve', { planId: PLAN_ID, ref: '3.1', updateId: proposal.id });
    expect(res.status).toBe(200);
    expect(cardText(res.body.value)).not.toContain(proposal.id); // the refreshed digest no longer offers it
    const action = (await bot.store.plans.getAction(PLAN_ID, '3.1'))!.value;
    expect(action.due).toBe('2024-06-28');
    expect(action.originalDue).toBe(originalDue);

    const history = await bot.invoke(jb, 'history.show', { planId: PLAN_ID, ref: '3.1' });
    expect(cardText(history.body.value)).toContain('Revised completion date approved');

    const transcript = bot.connector.transcript(INCLUSION_CHANNEL).filter((e) => cardText(e.activity).includes('Cycle summary'));
    expect(transcript).toHaveLength(1);
    expect(transcript[0]!.updates).toBeGreaterThanOrEqual(1);
    expect(cardText(transcript[0]!.activity)).toContain('Approved by DCS PCC (DH)');

    // A second click (another copy of the card) records nothing more.
    const again = await bot.invoke(dh, 'revisedDate.reject', { planId: PLAN_ID, ref: '3.1', updateId: proposal.id });
    expect(again.status).toBe(200);
    expect((await bot.store.plans.getAction(PLAN_ID, '3.1'))!.value.due).toBe('2024-06-28');
    expect((await bot.store.updates.history(PLAN_ID, '3.1')).filter((u) => u.decision)).toHaveLength(1);
  });

  it('refuses an acknowledgement from a lead and accepts it from the chair', async () => {
    const escalation = (await bot.store.escalations.listOpen(PLAN_ID)).find((e) => e.ref === '3.5')!;
    const refused = await bot.invoke(mm, 'escalation.ack', { escalationId: escalation.id, planId: PLAN_ID });
    expect(cardText(refused.body.value)).toContain('Nothing was changed');
    expect((await bot.store.escalations.get(PLAN_ID, escalation.id))!.value.state).toBe('open');

    await bot.invoke(jb, 'escalation.ack', { escalationId: escalation.id, planId: PLAN_ID });
    const acked = (await bot.store.escalations.get(PLAN_ID, escalation.id))!.value;
    expect(acked.state).toBe('acknowledged');
    expect(acked.acknowledgedBy).toBe('jb@plymouth.example');
  });

  it('posts the board exception report in the board channel when the board cycle closes, and updates it in place on resolve', async () => {
    await bot.tick('2023-11-28T09:30:00Z'); // SSDG cycle opens
    await bot.tick('2023-12-05T09:30:00Z'); // SSDG meets
    const reports = bot.connector.transcript(SSDG_CHANNEL).filter((e) => cardText(e.activity).includes('exception report'));
    expect(reports).toHaveLength(1);
    const report = cardText(reports[0]!.activity);
    expect(report).toContain('Across 7 groups reporting to this board.');
    expect(report).toContain('3.5');
    expect(report).toContain('Acknowledged by Head of Education (JB)');
    expect(report).toContain('1 of 3 updates this cycle say how children, young people and families were involved.');
    expect(report).toContain('3.1, 3.4'); // updated without saying how families were involved
    expect(report).toContain('board.refresh');

    const escalation = (await bot.store.escalations.listOpen(PLAN_ID)).find((e) => e.ref === '3.5')!;
    const activityId = reports[0]!.activityId;
    const refused = await bot.clickInChannel(mm, SSDG_CHANNEL, 'escalation.resolve', { escalationId: escalation.id, planId: PLAN_ID, [`note-${escalation.id}`]: 'done' }, activityId);
    expect(cardText(refused.body.value)).toContain('Nothing was changed');
    expect((await bot.store.escalations.get(PLAN_ID, escalation.id))!.value.state).toBe('acknowledged');

    const resolved = await bot.clickInChannel(
      jb,
      SSDG_CHANNEL,
      'escalation.resolve',
      { escalationId: escalation.id, planId: PLAN_ID, noteInputId: `note-${escalation.id}`, [`note-${escalation.id}`]: 'Charter signed by all secondary heads.' },
      activityId,
    );
    const answer = cardText(resolved.body.value);
    expect(answer).toContain('Resolved by Head of Education (JB)');
    expect(answer).toContain('Charter signed by all secondary heads.');
    expect(resolved.body.value.refresh.action.verb).toBe('board.refresh');
    expect((await bot.store.escalations.get(PLAN_ID, escalation.id))!.value.state).toBe('resolved');

    const after = bot.connector.transcript(SSDG_CHANNEL).filter((e) => e.activityId === activityId)[0]!;
    expect(after.updates).toBeGreaterThanOrEqual(1);
    expect(cardText(after.activity)).toContain('Resolved by Head of Education (JB)');

    const boardId = (await bot.store.plans.listGroups(PLAN_ID)).find((g) => g.name === 'SEND Strategic Delivery Group (SSDG)')!.id;
    const refreshed = await bot.clickInChannel(dh, SSDG_CHANNEL, 'board.refresh', { planId: PLAN_ID, groupId: boardId, cycleId: '2023-12-05' });
    expect(cardText(refreshed.body.value)).toContain('exception report');
  }, 90_000);

  it('gives a chair the digest on request and tells a non-chair who the chairs are', async () => {
    await bot.say(jb, 'digest');
    expect(cardText(await bot.lastCardTo(jb))).toContain('Inclusion');
    const lead = bot.user('tb@plymouth.example', 'Head of Post 16 (TB)');
    await bot.say(lead, 'digest');
    expect(cardText(await bot.lastCardTo(lead))).toContain('Inclusion: Head of Education (JB)');
  });
});
