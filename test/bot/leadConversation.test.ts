/**
 * The lead's conversation end to end: real activities POSTed to the real server, the bot's
 * replies recorded by the Bot Connector stand-in, state in Azurite.
 */
import { startTestBot, type TestBot } from '../support/botHarness';

let bot: TestBot;

beforeAll(async () => {
  bot = await startTestBot({ now: '2023-11-20T10:00:00Z' });
});
afterAll(async () => {
  await bot.close();
});

const cardText = (card: unknown) => JSON.stringify(card);

describe('installing and identity', () => {
  it('greets a lead who installs the app with help, and remembers their conversation', async () => {
    const dh = bot.user('dh@plymouth.example', 'Dan Hall');
    await bot.install(dh);
    const card = await bot.lastCardTo(dh);
    expect(cardText(card)).toContain('my actions');
    const identity = await bot.store.identities.get('dh@plymouth.example');
    expect(identity?.conversation?.conversation.id).toBe(dh.conversationId);
    expect(identity?.conversation?.serviceUrl).toBe(bot.connector.serviceUrl);
    expect(identity?.conversation?.tenantId).toBe(dh.tenantId);
    expect(identity?.aadObjectId).toBe(dh.aadObjectId);
  });

  it('links the Teams user to the person in the plan whose email matches, whatever its case', async () => {
    const hp = bot.user('HP@Plymouth.Example', 'Helen P');
    await bot.say(hp, 'help');
    const person = await bot.store.plans.getPerson('plymouth-2023', 'hp@plymouth.example');
    expect(person?.value.aadObjectId).toBe(hp.aadObjectId);
  });

  it('tells a user who is in no plan how to be added, and nothing else', async () => {
    const stranger = bot.user('someone@elsewhere.example', 'Sam Stranger');
    await bot.say(stranger, 'my actions');
    const cards = bot.cardsTo(stranger);
    expect(cards).toHaveLength(1);
    expect(cardText(cards[0])).toContain('not linked to anyone in a plan');
    expect(cardText(cards[0])).toContain('someone@elsewhere.example');
  });

  it('marks a person unreachable when they uninstall the app', async () => {
    const jb = bot.user('jb@plymouth.example', 'Jo B');
    await bot.install(jb);
    await bot.uninstall(jb);
    expect((await bot.store.identities.get('jb@plymouth.example'))?.reachable).toBe(false);
    await bot.say(jb, 'help');
    expect((await bot.store.identities.get('jb@plymouth.example'))?.reachable).toBe(true);
  });
});

describe('chat commands', () => {
  it('lists the open actions of the caller, grouped, with an Update button each', async () => {
    const dh = bot.user('dh@plymouth.example', 'Dan Hall');
    await bot.say(dh, '  My   ACTIONS ');
    const card = cardText(await bot.lastCardTo(dh));
    expect(card).toContain('Governance, oversight, culture and workforce');
    expect(card).toContain('"verb":"update.open"');
    expect(card).toContain('"ref":"1.1"');
    expect(card).not.toContain('"ref":"7.5"'); // complete (green) actions are not open
  });

  it('opens the update form for "update <ref>" with a fresh submission id', async () => {
    const dh = bot.user('dh@plymouth.example', 'Dan Hall');
    await bot.say(dh, 'update 1.1');
    const first = cardText(await bot.lastCardTo(dh));
    await bot.say(dh, 'update 1.1');
    const second = cardText(await bot.lastCardTo(dh));
    expect(first).toContain('"verb":"update.submit"');
    const id = (s: string) => /"submissionId":"([^"]+)"/.exec(s)?.[1];
    expect(id(first)).toBeTruthy();
    expect(id(first)).not.toBe(id(second));
    expect(first).toContain('personal data');
  });

  it('records a quick update and answers with the confirmation and a button to add evidence', async () => {
    const dh = bot.user('dh@plymouth.example', 'Dan Hall');
    await bot.say(dh, '1.2 amber waiting for ICB sign-off on the framework');
    const card = cardText(await bot.lastCardTo(dh));
    expect(card).toContain('waiting for ICB sign-off on the framework');
    expect(card).toContain('"verb":"update.open"');
    const history = await bot.store.updates.history('plymouth-2023', '1.2');
    expect(history[0]).toMatchObject({ brag: 'amber', authorId: 'dh@plymouth.example' });
    expect((await bot.store.plans.getAction('plymouth-2023', '1.2'))?.value.brag).toBe('amber');
  });

  it('records a redelivered quick update message once', async () => {
    const dh = bot.user('dh@plymouth.example', 'Dan Hall');
    const before = (await bot.store.updates.history('plymouth-2023', '1.3')).length;
    const activityId = 'redelivered-1';
    await bot.say(dh, '1.3 green the ten wishes are used across every strategic plan', { id: activityId });
    await bot.say(dh, '1.3 green the ten wishes are used across every strategic plan', { id: activityId });
    expect(await bot.store.updates.history('plymouth-2023', '1.3')).toHaveLength(before + 1);
  });

  it('answers a too-short quick update with the form showing the error and the text kept', async () => {
    const dh = bot.user('dh@plymouth.example', 'Dan Hall');
    await bot.say(dh, '1.4 red stuck');
    const card = cardText(await bot.lastCardTo(dh));
    expect(card).toContain('write at least 20');
    expect(card).toContain('"value":"stuck"');
  });

  it('refuses an update from someone who does not lead the action, and stores nothing', async () => {
    const jb = bot.user('jb@plymouth.example', 'Jo B');
    const before = await bot.store.updates.history('plymouth-2023', '1.1');
    await bot.say(jb, '1.1 red this is not my action but I will rate it anyway');
    const card = cardText(await bot.lastCardTo(jb));
    expect(card).toContain('Only the leads of action 1.1');
    expect(await bot.store.updates.history('plymouth-2023', '1.1')).toEqual(before);
  });

  it('shows the plan status', async () => {
    const dh = bot.user('dh@plymouth.example', 'Dan Hall');
    await bot.say(dh, 'status');
    const card = cardText(await bot.lastCardTo(dh));
    expect(card).toMatch(/Amber/);
    expect(card).toMatch(/overdue/i);
  });

  it('answers unknown text with help rather than silence', async () => {
    const dh = bot.user('dh@plymouth.example', 'Dan Hall');
    await bot.say(dh, 'what can you do for me');
    const texts = bot.connector.activitiesTo(dh.conversationId).map((a) => a.text ?? '');
    expect(texts.some((t) => t.includes('I did not understand "what can you do for me"'))).toBe(true);
    expect(cardText(await bot.lastCardTo(dh))).toContain('my actions');
  });

  it('pauses prompts with "away until" and names the delegate who covers', async () => {
    const ap = bot.user('ap@plymouth.example', 'Amy P');
    await bot.say(ap, 'away until 2023-12-08');
    expect((await bot.store.plans.getPerson('plymouth-2023', 'ap@plymouth.example'))?.value.awayUntil).toBe('2023-12-08');
    expect(cardText(await bot.lastCardTo(ap))).toContain('paused until 8 Dec 2023');
    await bot.say(ap, 'away off');
    expect((await bot.store.plans.getPerson('plymouth-2023', 'ap@plymouth.example'))?.value.awayUntil).toBeUndefined();
  });
});

describe('card verbs', () => {
  const submit = (over: Record<string, unknown> = {}) => ({
    ref: '2.1',
    planId: 'plymouth-2023',
    brag: 'amber',
    narrative: 'Early help assessment pathway drafted and shared with partners for comment.',
    evidence: 'minutes,data',
    voice: 'Parent carer forum reviewed the draft pathway.',
    escalate: 'false',
    submissionId: `s-${Math.random().toString(36).slice(2)}`,
    ...over,
  });

  const leadOf21 = async () => {
    const action = (await bot.store.plans.getAction('plymouth-2023', '2.1'))!.value;
    return bot.user(action.leadIds[0]!, 'Lead of 2.1');
  };

  it('answers actions.list with the my-actions card in place', async () => {
    const dh = bot.user('dh@plymouth.example', 'Dan Hall');
    const res = await bot.invoke(dh, 'actions.list', {});
    expect(res.status).toBe(200);
    expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(res.body.value)).toContain('"verb":"update.open"');
  });

  it('opens the form for update.open', async () => {
    const lead = await leadOf21();
    const res = await bot.invoke(lead, 'update.open', { ref: '2.1', planId: 'plymouth-2023' });
    expect(cardText(res.body.value)).toContain('"verb":"update.submit"');
  });

  it('stores a submitted update with evidence and co-production, and confirms it', async () => {
    const lead = await leadOf21();
    const data = submit();
    const res = await bot.invoke(lead, 'update.submit', data);
    const card = cardText(res.body.value);
    expect(card).toContain('Parent carer forum reviewed the draft pathway.');
    const [latest] = await bot.store.updates.history('plymouth-2023', '2.1');
    expect(latest).toMatchObject({ submissionId: data.submissionId, evidence: ['minutes', 'data'], voice: 'Parent carer forum reviewed the draft pathway.' });
  });

  it('records a repeated submit once and answers with the same confirmation', async () => {
    const lead = await leadOf21();
    const data = submit();
    const first = await bot.invoke(lead, 'update.submit', data);
    const count = (await bot.store.updates.history('plymouth-2023', '2.1')).length;
    const again = await bot.invoke(lead, 'update.submit', data);
    expect(again.body.value).toEqual(first.body.value);
    expect(await bot.store.updates.history('plymouth-2023', '2.1')).toHaveLength(count);
  });

  it('keeps both of two concurrent submits and rates the action by the later', async () => {
    const action = (await bot.store.plans.getAction('plymouth-2023', '1.2'))!.value;
    expect(action.leadIds.length).toBeGreaterThan(1);
    const [a, b] = action.leadIds.map((id) => bot.user(id, id));
    const before = (await bot.store.updates.history('plymouth-2023', '1.2')).length;
    bot.clock.advance(60_000);
    await Promise.all([
      bot.invoke(a!, 'update.submit', submit({ ref: '1.2', brag: 'red', narrative: 'First of two concurrent submits on this action.' })),
      bot.invoke(b!, 'update.submit', submit({ ref: '1.2', brag: 'green', narrative: 'Second of two concurrent submits on this action.' })),
    ]);
    const history = await bot.store.updates.history('plymouth-2023', '1.2');
    expect(history).toHaveLength(before + 2);
    const stored = (await bot.store.plans.getAction('plymouth-2023', '1.2'))!.value;
    expect(stored.updateCount).toBe(before + 2);
    expect(stored.brag).toBe(history[0]!.brag);
  });

  it('records a submit made after another process changed the action, keeping that change too', async () => {
    const lead = await leadOf21();
    bot.clock.advance(60_000);
    await bot.invoke(lead, 'update.submit', submit({ brag: 'amber' }));
    // An import or another instance moves the due date: the bot's cached row is now stale.
    const due = '2025-06-30';
    await bot.store.plans.modifyAction('plymouth-2023', '2.1', (a) => ({ ...a, due }));
    const before = (await bot.store.plans.getAction('plymouth-2023', '2.1'))!.value.updateCount;
    bot.clock.advance(60_000);
    const res = await bot.invoke(lead, 'update.submit', submit({ brag: 'red', narrative: 'Funding agreement slipped; the pathway launch moves back a term.' }));
    expect(cardText(res.body.value)).toContain('Funding agreement slipped');
    const stored = (await bot.store.plans.getAction('plymouth-2023', '2.1'))!.value;
    expect(stored).toMatchObject({ due, brag: 'red', updateCount: before + 1 });
  });

  it.each([
    ['an unknown rating', { brag: 'purple' }, 'is not a BRAG rating'],
    ['a short narrative', { narrative: 'Too short' }, 'write at least 20'],
    ['a revised date in the past', { revisedDue: '2023-01-31' }, 'must be in the future'],
  ])('shows the form again with the error for %s, keeping the values', async (_name, over, message) => {
    const lead = await leadOf21();
    const before = (await bot.store.updates.history('plymouth-2023', '2.1')).length;
    const data = submit(over);
    const res = await bot.invoke(lead, 'update.submit', data);
    const card = cardText(res.body.value);
    expect(card).toContain(message);
    expect(card).toContain('"verb":"update.submit"');
    expect(card).toContain(data.submissionId);
    expect(card).toContain('Parent carer forum reviewed the draft pathway.');
    expect(await bot.store.updates.history('plymouth-2023', '2.1')).toHaveLength(before);
  });

  it('refuses a submit from a non-lead without storing it', async () => {
    const jb = bot.user('jb@plymouth.example', 'Jo B');
    const before = (await bot.store.updates.history('plymouth-2023', '1.1')).length;
    const res = await bot.invoke(jb, 'update.submit', submit({ ref: '1.1' }));
    expect(cardText(res.body.value)).toContain('Only the leads of action 1.1');
    expect(await bot.store.updates.history('plymouth-2023', '1.1')).toHaveLength(before);
  });

  it('raises an escalation at once when the lead asks for it, once per update, past the chair who leads the action', async () => {
    const lead = await leadOf21();
    const data = submit({ escalate: 'true', brag: 'red', blockers: 'No agreement on funding between the partners.' });
    await bot.invoke(lead, 'update.submit', data);
    await bot.invoke(lead, 'update.submit', data);
    const open = (await bot.store.escalations.listOpen('plymouth-2023')).filter((e) => e.ref === '2.1' && e.cause === 'leadRequest');
    expect(open).toHaveLength(1);
    // AG leads 2.1 and chairs its group alone, so it goes to the Strategic Delivery Group's chair.
    expect(open[0]).toMatchObject({ level: 'board', targetGroupId: 'send-strategic-delivery-group-ssdg', state: 'open', raisedBy: lead.email });
    expect(open[0]!.reason).toContain('No agreement on funding');
    const dh = bot.user('dh@plymouth.example', 'Dan Hall');
    await bot.say(dh, 'status');
    expect(cardText(await bot.lastCardTo(dh))).toContain('No agreement on funding');
  });

  it('shows the last updates for history.show', async () => {
    const lead = await leadOf21();
    const res = await bot.invoke(lead, 'history.show', { ref: '2.1', planId: 'plymouth-2023' });
    expect(cardText(res.body.value)).toContain('Early help assessment pathway drafted');
  });

  it('answers a verb it does not know and a malformed verb payload with a message card', async () => {
    const dh = bot.user('dh@plymouth.example', 'Dan Hall');
    const unknown = await bot.invoke(dh, 'no.such.verb', {});
    expect(unknown.status).toBe(200);
    expect(cardText(unknown.body.value)).toContain('nothing was changed');
    const res = await bot.invoke(dh, 'update.open', { ref: '' });
    expect(res.status).toBe(200);
    expect(cardText(res.body.value)).toContain('ref must not be empty');
  });
});

describe('the HTTP edge', () => {
  it('answers a malformed activity with 400 naming the missing fields', async () => {
    const res = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'message' }) });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('serviceUrl');
  });

  it('answers a body that is not JSON with 400', async () => {
    const res = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
    expect(res.status).toBe(400);
  });

  it('reports healthy storage on /healthz', async () => {
    const res = await fetch(`${bot.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
  });
});
