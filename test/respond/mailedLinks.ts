/**
 * The response links a respond rig's ticks have mailed, as tests pick one to open: each link
 * that opens one group's meeting, with what it grants.
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
