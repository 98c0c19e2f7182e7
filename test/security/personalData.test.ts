/**
 * No child's personal data enters the plan: likely personal data in an update is caught on
 * every way in (the update card, a quick chat update, a resolution note). An NHS number with
 * a valid check digit is refused; a date of birth or a postcode next to a name is a warning
 * the writer can override after checking.
 */
import { findPersonalData, isValidNhsNumber } from '../../src/privacy/personalData';
import { startTestBot, type TestBot } from '../support/botHarness';
import { inputsIn, textOf } from '../cards/plymouthCards';

describe('spotting personal data', () => {
  it('knows an NHS number by its Modulus 11 check digit', () => {
    expect(isValidNhsNumber('9434765919')).toBe(true);
    expect(isValidNhsNumber('9434765918')).toBe(false);
    expect(findPersonalData('Referral for 943 476 5919 made')).toEqual([{ kind: 'nhsNumber', overridable: false }]);
    expect(findPersonalData('Referral for 943-476-5919 made').map((f) => f.kind)).toEqual(['nhsNumber']);
    // Ten digits that fail the check: a phone number or a reference, not an NHS number.
    expect(findPersonalData('Call 0175 230 4000 for the team')).toEqual([]);
  });

  it('warns on a date of birth and on a postcode next to a name, not on either alone', () => {
    expect(findPersonalData('Jamie, DOB 12/03/2015, is still waiting').map((f) => f.kind)).toEqual(['dateOfBirth']);
    expect(findPersonalData('the child was born on 4 March 2016 and').map((f) => f.kind)).toEqual(['dateOfBirth']);
    expect(findPersonalData('Jamie Smith lives at PL6 5AB and').map((f) => f.kind)).toEqual(['postcodeWithName']);
    expect(findPersonalData('The hub opened at PL1 2AA in March')).toEqual([]);
    expect(findPersonalData('The audit was completed on 12/03/2024')).toEqual([]);
  });
});

describe('on the way in', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(async () => bot.close());
  const updates = async (ref: string) => (await bot.store.plans.getAction('plymouth-2023', ref))!.value.updateCount;

  it('shows the form again with a warning for a date of birth, and records it once the lead has checked', async () => {
    const lead = bot.user('mm@plymouth.example');
    const submit = { planId: 'plymouth-2023', ref: '3.5', brag: 'amber', narrative: 'Reviewed the case of a pupil, DOB 12/03/2015, with the school.', submissionId: 'pd-1' };
    const warned = await bot.invoke(lead, 'update.submit', submit);
    expect(textOf(warned.body.value)).toContain('Progress contains what looks like a date of birth');
    expect(inputsIn(warned.body.value).has('personalDataChecked')).toBe(true);
    expect(await updates('3.5')).toBe(0);

    const kept = await bot.invoke(lead, 'update.submit', { ...submit, personalDataChecked: 'true' });
    expect(textOf(kept.body.value)).not.toContain('looks like');
    expect(await updates('3.5')).toBe(1);
  });

  it('refuses an NHS number even when the lead ticks the box', async () => {
    const lead = bot.user('mm@plymouth.example');
    const res = await bot.invoke(lead, 'update.submit', {
      planId: 'plymouth-2023', ref: '3.1', brag: 'red', narrative: 'Waiting on the referral for 943 476 5919 to be seen.', personalDataChecked: 'true', submissionId: 'pd-2',
    });
    expect(textOf(res.body.value)).toContain('looks like an NHS number');
    expect(textOf(res.body.value)).toContain('cannot be recorded');
    expect(await updates('3.1')).toBe(0);
  });

  it('answers a quick chat update naming a child with a postcode with the warning, and records nothing', async () => {
    const lead = bot.user('mm@plymouth.example');
    await bot.say(lead, '3.2 amber Jamie Smith at PL6 5AB still has no place agreed');
    expect(textOf(await bot.lastCardTo(lead))).toContain('looks like a postcode next to a name');
    expect(await updates('3.2')).toBe(0);
  });
});
