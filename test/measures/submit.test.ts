/**
 * An owner gives a measure's value through the card: the form (`measure.open`) and the submit
 * (`measure.submit`), through real activities to the real server, state in Azurite.
 */
import { importPlan } from '../../src/import/importPlan';
import { startTestBot, type TestBot } from '../support/botHarness';
import { inputsIn, textOf } from '../cards/plymouthCards';
import { planWithMeasures } from './planWithMeasures';

const PLAN = 'plymouth-2023';
let bot: TestBot;

beforeAll(async () => {
  bot = await startTestBot({ now: '2024-02-05T10:00:00Z', importFixture: false });
  const imported = await importPlan(bot.store, planWithMeasures(), { timeZone: 'Europe/London', planId: PLAN, clock: bot.clock });
  if (!imported.ok) throw new Error(JSON.stringify(imported).slice(0, 400));
});
afterAll(async () => {
  await bot.close();
});

const verbsIn = (card: unknown) => [...JSON.stringify(card).matchAll(/"verb":"([^"]+)"/g)].map((m) => m[1]);
const submit = (extra: Record<string, unknown>) => ({ measureId: 'ehcp-20wk', planId: PLAN, period: '2024-01', ...extra });

describe('the measure form', () => {
  it('shows the owner the measure, how it is counted, its target and last values, and a number input for the period', async () => {
    const dh = bot.user('dh@plymouth.example', 'Dan Hall');
    const res = await bot.invoke(dh, 'measure.open', { measureId: 'ehcp-20wk', planId: PLAN, period: '2024-01' });
    expect(res.status).toBe(200);
    const card = res.body.value;
    const text = textOf(card);
    expect(text).toContain('EHC plans issued within 20 weeks');
    expect(text).toContain('The value for January 2024 (2024-01), which ended on 31 Jan 2024.');
    expect(text).toContain('How it is counted: Plans issued in the month within 20 weeks');
    expect(text).toContain('Target: 60% by 31 Dec 2024 (higher is better)');
    expect(text).toContain('December 2023: 50%');
    expect(text).toContain('November 2023: 45%');
    const inputs = inputsIn(card);
    expect(inputs.get('value')).toMatchObject({ type: 'Input.Number', label: 'Value for January 2024 (per cent, 0 to 100)' });
    expect([...inputs.keys()]).toEqual(['value', 'note', 'source']);
    expect(verbsIn(card)).toEqual(['measure.submit']);
  });

  it('tells someone who neither owns the measure nor stands in for its owner that it is not theirs', async () => {
    const tl = bot.user('tl@plymouth.example', 'Tara L');
    const res = await bot.invoke(tl, 'measure.open', { measureId: 'ehcp-20wk', planId: PLAN, period: '2024-01' });
    expect(textOf(res.body.value)).toContain('Only the owner of "EHC plans issued within 20 weeks"');
  });
});

describe('measure.submit', () => {
  it('answers a value that is not a number with the form again, the error beside the field, and records nothing', async () => {
    const dh = bot.user('dh@plymouth.example', 'Dan Hall');
    const res = await bot.invoke(dh, 'measure.submit', submit({ value: 'about half', note: 'Estimated', submissionId: 'form-1' }));
    const card = res.body.value;
    const body = card.body as Array<Record<string, unknown>>;
    const input = body.findIndex((e) => e.id === 'value');
    expect(body[input + 1]).toMatchObject({ type: 'Container', style: 'attention', items: [{ type: 'TextBlock', text: '"about half" is not a number. Enter the value as a number, for example 62.5.' }] });
    expect(textOf(card)).toContain('The value was not recorded. Please check:');
    // What was typed stays, and the form keeps its id so a later good submit is the same form.
    expect(inputsIn(card).get('note')).toMatchObject({ value: 'Estimated' });
    expect(JSON.stringify(card)).toContain('"submissionId":"form-1"');
    expect(await bot.store.measures.getValue(PLAN, 'ehcp-20wk', '2024-01')).toBeUndefined();
  });

  it('refuses a percentage over 100 beside the field', async () => {
    const dh = bot.user('dh@plymouth.example', 'Dan Hall');
    const res = await bot.invoke(dh, 'measure.submit', submit({ value: '120', submissionId: 'form-2' }));
    expect(textOf(res.body.value)).toContain('120 is not a percentage from 0 to 100. Enter the value again.');
    expect(inputsIn(res.body.value).get('value')).toMatchObject({ value: 120 });
    expect(await bot.store.measures.getValue(PLAN, 'ehcp-20wk', '2024-01')).toBeUndefined();
  });

  it('refuses a period that has not ended yet', async () => {
    const dh = bot.user('dh@plymouth.example', 'Dan Hall');
    const res = await bot.invoke(dh, 'measure.submit', submit({ period: '2024-02', value: '55', submissionId: 'form-3' }));
    expect(textOf(res.body.value)).toContain('The period 2024-02 has not ended yet');
    expect(await bot.store.measures.getValue(PLAN, 'ehcp-20wk', '2024-02')).toBeUndefined();
  });

  it('records the owner’s value with its note and source, and says how it stands against the target', async () => {
    const dh = bot.user('dh@plymouth.example', 'Dan Hall');
    const res = await bot.invoke(dh, 'measure.submit', submit({ value: '52.5', note: 'Two late plans in the month', source: 'https://example.org/sen2', submissionId: 'form-4' }));
    const text = textOf(res.body.value);
    expect(text).toContain('Value recorded');
    expect(text).toContain('EHC plans issued within 20 weeks: 52.5% for January 2024. On track against the target.');
    expect(await bot.store.measures.getValue(PLAN, 'ehcp-20wk', '2024-01')).toMatchObject({
      value: 52.5,
      note: 'Two late plans in the month',
      source: 'https://example.org/sen2',
      recordedBy: 'dh@plymouth.example',
      submissionId: 'form-4',
    });
  });

  it('records nothing new when the same form is sent again, and answers with the same confirmation', async () => {
    const dh = bot.user('dh@plymouth.example', 'Dan Hall');
    const first = await bot.invoke(dh, 'measure.submit', submit({ value: '52.5', submissionId: 'form-5' }));
    const again = await bot.invoke(dh, 'measure.submit', submit({ value: '99', submissionId: 'form-5' }));
    expect(again.body.value).toEqual(first.body.value);
    expect((await bot.store.measures.getValue(PLAN, 'ehcp-20wk', '2024-01'))?.value).toBe(52.5);
  });

  it('refuses a value from someone who is not the owner or their delegate', async () => {
    const tl = bot.user('tl@plymouth.example', 'Tara L');
    const res = await bot.invoke(tl, 'measure.submit', submit({ value: '10', submissionId: 'form-6' }));
    expect(textOf(res.body.value)).toContain('Only the owner of "EHC plans issued within 20 weeks" (DCS PCC (DH)) or their delegate can give its values. Nothing was recorded.');
    expect((await bot.store.measures.getValue(PLAN, 'ehcp-20wk', '2024-01'))?.value).toBe(52.5);
  });

  it('records a correction from the owner’s delegate as given on the owner’s behalf', async () => {
    const hp = bot.user('hp@plymouth.example', 'Helen P');
    const form = await bot.invoke(hp, 'measure.open', { measureId: 'ehcp-20wk', planId: PLAN, period: '2024-01' });
    expect(textOf(form.body.value)).toContain('You are giving this value for DCS PCC (DH), who owns the measure.');
    await bot.invoke(hp, 'measure.submit', submit({ value: '53', submissionId: 'form-7' }));
    expect(await bot.store.measures.getValue(PLAN, 'ehcp-20wk', '2024-01')).toMatchObject({ value: 53, recordedBy: 'hp@plymouth.example', onBehalfOf: 'dh@plymouth.example' });
  });

  it('judges an off-track value against the target in the confirmation', async () => {
    const tl = bot.user('tl@plymouth.example', 'Tara L');
    const res = await bot.invoke(tl, 'measure.submit', { measureId: 'ep-advice', planId: PLAN, period: '2023-Q4', value: '58', submissionId: 'form-8' });
    expect(textOf(res.body.value)).toContain('Days to educational psychology advice: 58 days for Oct to Dec 2023. Off track against the target.');
  });
});
