/**
 * Mail carrying a board paper is stored in the outbox with its file before it is sent: a tick
 * that queues several such mails at once stores each whole (in transactions small enough for
 * Table Storage), queueing them again stores nothing twice, and mail captured locally keeps its file.
 */
import { fixedClock } from '../../src/domain/clock';
import { createCaptureTransport } from '../../src/mail/delivery';
import type { CombinedEntry } from '../../src/storage/outboxRepository';
import type { Store } from '../../src/storage/store';
import { makeTestStore } from '../support/store';

const PLAN = 'plan-with-papers';
const clock = fixedClock('2023-10-24T08:00:00Z');

/** A board paper of about 150,000 characters, with the typography a real one has. */
const paper = (n: number) => `<!DOCTYPE html><title>Paper ${n}</title>` + `<tr><th>1.${n}</th><td>Children’s services – the lead’s latest word… 29 Oct 2023</td></tr>\n`.repeat(1_800);

const entry = (n: number): CombinedEntry => ({
  message: {
    key: `tick~chair${n}@nhs.example~paper`,
    kind: 'combined',
    recipientId: `chair${n}@nhs.example`,
    activity: { type: 'message', summary: 'A board report' },
    mail: {
      to: `chair${n}@nhs.example`,
      subject: `Board ${n}: the exception report for 24 Oct 2023`,
      text: 'The exception report for the meeting on 24 Oct 2023.',
      html: '<p>The exception report for the meeting on 24 Oct 2023.</p>',
      attachments: [{ filename: `board-${n}-exception-report-2023-10-24.html`, contentType: 'text/html; charset=utf-8', content: paper(n) }],
    },
  },
  noticeKeys: [`report~board-${n}~2023-10-24~chair${n}@nhs.example`],
});

let store: Store;
beforeAll(async () => {
  store = await makeTestStore();
});

it('stores each of 24 mails with its 150,000-character paper whole, and queues none of them twice', async () => {
  const entries = Array.from({ length: 24 }, (_, i) => entry(i));
  const first = await store.outbox.enqueueCombined(PLAN, entries, clock);
  expect(first.created).toHaveLength(24);
  for (const e of entries) {
    const queued = await store.outbox.getQueued(PLAN, e.message.key);
    expect(queued?.value.mail?.attachments).toEqual(e.message.mail!.attachments);
  }
  const again = await store.outbox.enqueueCombined(PLAN, entries, clock);
  expect(again.created).toEqual([]);
  expect(again.refused).toHaveLength(24);
});

it('keeps the paper beside a mail captured locally (no SMTP_URL)', async () => {
  const mail = entry(99).message.mail!;
  const transport = createCaptureTransport(store, 'Plan Pulse <planpulse@plymouth.example>', clock);
  await transport.sendMail({ ...mail, messageId: '<paper-99@planpulse.local>' });
  const [captured] = await store.capturedMail.list(1);
  expect(captured).toMatchObject({ to: mail.to, subject: mail.subject, attachments: mail.attachments });
});
