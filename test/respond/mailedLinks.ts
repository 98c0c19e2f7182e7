/**
 * The mail a respond rig's ticks send and the response links in it, as tests pick one to open:
 * each link that opens one group's meeting, with what it grants; a chair's Decide link; the one
 * mail a person gets in a tick.
 */
import type { ResponseLink } from '../../src/storage/responseLinkRepository';
import type { ReceivedMail } from '../support/smtp';
import type { RespondRig } from './support';

export interface MailedCycleLink {
  mail: ReceivedMail;
  /** The link to the update page (not a chair's Decide link beside it). */
  url: string;
  /** What the link grants: its person, group, meeting date and action refs. */
  link: ResponseLink;
}

/** Every link mailed so far that opens one group's meeting (not a chase's), in the order the mail came. */
export async function mailedCycleLinks(rig: RespondRig): Promise<MailedCycleLink[]> {
  const found: MailedCycleLink[] = [];
  for (const mail of rig.smtp.received) {
    // A digest with nothing waiting carries no link.
    if (!/\/respond\//.test(mail.parsed.text ?? '')) continue;
    const url = rig.linkOf(mail);
    const checked = await rig.running.mail.links!.check(url.split('/').pop()!, rig.clock.now());
    if (checked.ok && checked.link.kind === 'cycle') found.push({ mail, url, link: checked.link });
  }
  return found;
}

/** The chair's Decide link (to their decisions page) in a mail, when it has one. */
export function decideLinkOf(mail: ReceivedMail): string | undefined {
  return /^Decide: (https?:\/\/\S+\/respond\/[A-Za-z0-9_.-]+)/m.exec(mail.parsed.text ?? '')?.[1];
}

/** Runs the tick at `at` and returns its one mail to `to`: whatever they hear that day comes in that one mail. */
export async function oneMailInTick(rig: RespondRig, at: string, to: string): Promise<ReceivedMail> {
  const before = rig.smtp.received.length;
  await rig.tick(at);
  const mails = rig.smtp.received.slice(before).filter((m) => m.envelopeTo[0] === to);
  expect(mails).toHaveLength(1);
  return mails[0]!;
}
