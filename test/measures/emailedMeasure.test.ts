/**
 * An owner outside Teams is asked for a measure's value by email: the tick's one mail lists
 * it, its signed link opens the response page, which offers the measure's form; a value that
 * is not a number is answered with the form and the error beside the field, and a good one is
 * recorded. The real server, a real SMTP server and the store in Azurite.
 */
import { startRespondRig, type RespondRig } from '../respond/support';
import { formPost, hidden, pageText } from '../support/pageForms';
import { planWithMeasures } from './planWithMeasures';

jest.setTimeout(120_000);


let rig: RespondRig;
beforeAll(async () => {
  rig = await startRespondRig({}, planWithMeasures());
  await rig.tick('2024-02-01T09:00:00Z');
});
afterAll(async () => rig?.close());

it('mails DH the measure with a link whose page takes the value, refusing one that is not a number', async () => {
  const mail = rig.smtp.received.find((m) => JSON.stringify(m.parsed.to).includes('dh@plymouth.example') && (m.parsed.text ?? '').includes('EHC plans issued within 20 weeks'));
  expect(mail).toBeDefined();
  const body = mail!.parsed.text ?? '';
  expect(body).toContain('An impact measure: value due');
  expect(body).toContain('The value for January 2024 (2024-01) · target 60% by 31 Dec 2024 (higher is better) · due by 8 Feb 2024');

  const link = rig.linkOf(mail!);
  const list = await (await fetch(link)).text();
  expect(pageText(list)).toContain('Impact measures EHC plans issued within 20 weeks The value for January 2024 Value needed');
  const page = await (await fetch(`${link}?measure=ehcp-20wk`)).text();
  expect(pageText(page)).toContain('The value for January 2024 (2024-01), which ended on 31 Jan 2024.');
  expect(page).toContain('<label class="govuk-label govuk-label--s" for="value">Value for January 2024 (per cent, 0 to 100)</label>');

  const fields = { csrf: hidden(page, 'csrf'), measureId: 'ehcp-20wk', period: hidden(page, 'period'), submissionId: hidden(page, 'submissionId') };
  const refused = await fetch(link, formPost({ ...fields, value: 'about half' }));
  expect(refused.status).toBe(400);
  const again = await refused.text();
  expect(again).toContain('<p id="value-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> &quot;about half&quot; is not a number. Enter the value as a number, for example 62.5.</p>');
  expect(await rig.store.measures.getValue('plymouth-2023', 'ehcp-20wk', '2024-01')).toBeUndefined();

  const recorded = await fetch(link, formPost({ ...fields, value: '53', note: 'Two plans late' }));
  expect(recorded.status).toBe(303);
  expect(await rig.store.measures.getValue('plymouth-2023', 'ehcp-20wk', '2024-01')).toMatchObject({ value: 53, note: 'Two plans late', recordedBy: 'dh@plymouth.example' });
  const after = await (await fetch(new URL(recorded.headers.get('location')!, link))).text();
  expect(pageText(after)).toContain('The value was recorded. Thank you.');
  expect(pageText(after)).toContain('EHC plans issued within 20 weeks The value for January 2024 Given');
});

it('does not open the form of a measure the link was not sent for', async () => {
  const mail = rig.smtp.received.find((m) => JSON.stringify(m.parsed.to).includes('dh@plymouth.example') && (m.parsed.text ?? '').includes('EHC plans'))!;
  const res = await fetch(`${rig.linkOf(mail)}?measure=ep-advice`);
  expect(res.status).toBeGreaterThanOrEqual(400);
});
