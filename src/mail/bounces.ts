/**
 * Bounces that come back later as mail: a delivery status notification (RFC 3464, a
 * multipart/report of report-type delivery-status) names each recipient with what happened
 * (`Action: failed`, `Status: 5.1.1`, a diagnostic) and usually carries the original
 * message's headers, whose Message-ID is the outbox key the mail was sent under. Reading one
 * tells which addresses are gone for good (failed, 5.x.x), which are only delayed, and which
 * outbox message it answers. The MIME structure is read with mailparser; the status fields
 * are header blocks read here.
 */
import { simpleParser, type Attachment } from 'mailparser';

export interface BouncedRecipient {
  address: string;
  /** RFC 3464 Action: failed, delayed, delivered, relayed, expanded. */
  action: string;
  /** RFC 3463 status code, e.g. 5.1.1. */
  status: string;
  diagnostic?: string;
  /** failed with a 5.x.x status: the address cannot be reached by mail. */
  permanent: boolean;
}

export interface DeliveryReport {
  recipients: BouncedRecipient[];
  /** The original message's Message-ID, when the report carries its headers. */
  originalMessageId?: string;
  reportingMta?: string;
}

export type ReadReport = { ok: true; report: DeliveryReport } | { ok: false; message: string };

/** Header-style fields, one block per blank-line-separated paragraph, continuation lines folded. */
function fieldBlocks(text: string): Array<Map<string, string>> {
  return text
    .replace(/\r\n/g, '\n')
    .split(/\n\s*\n/)
    .map((block) => {
      const fields = new Map<string, string>();
      let last: string | undefined;
      for (const line of block.split('\n')) {
        if (/^[ \t]/.test(line) && last) {
          fields.set(last, `${fields.get(last)} ${line.trim()}`);
          continue;
        }
        const colon = line.indexOf(':');
        if (colon <= 0) continue;
        last = line.slice(0, colon).trim().toLowerCase();
        fields.set(last, line.slice(colon + 1).trim());
      }
      return fields;
    })
    .filter((f) => f.size > 0);
}

/** `rfc822; someone@example.org` → the address. */
const addressOf = (field: string) => field.replace(/^[^;]*;/, '').trim().replace(/^<|>$/g, '').toLowerCase();

const contentOf = (a: Attachment) => a.content.toString('utf8');

export async function readDeliveryReport(raw: Buffer | string): Promise<ReadReport> {
  let parsed;
  try {
    parsed = await simpleParser(raw, { keepDeliveryStatus: true });
  } catch (err) {
    return { ok: false, message: `This is not a mail message: ${err instanceof Error ? err.message : String(err)}` };
  }
  const type = parsed.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  const isReport = type?.value?.toLowerCase() === 'multipart/report';
  const status = parsed.attachments.find((a) => /^message\/(global-)?delivery-status$/i.test(a.contentType));
  if (!status) {
    return {
      ok: false,
      message: isReport
        ? 'This report has no delivery-status part (RFC 3464), so it says nothing about a recipient.'
        : 'This is not a delivery status notification (RFC 3464): it has no multipart/report with a delivery-status part.',
    };
  }
  const [perMessage, ...perRecipient] = fieldBlocks(contentOf(status));
  const recipients = perRecipient
    .filter((f) => f.has('final-recipient') || f.has('original-recipient'))
    .map((f) => {
      const action = (f.get('action') ?? '').toLowerCase();
      const code = /\d\.\d{1,3}\.\d{1,3}/.exec(f.get('status') ?? '')?.[0] ?? '';
      return {
        address: addressOf(f.get('final-recipient') ?? f.get('original-recipient')!),
        action,
        status: code,
        diagnostic: f.get('diagnostic-code')?.replace(/^[^;]*;\s*/, ''),
        permanent: action === 'failed' && code.startsWith('5.'),
      };
    });
  if (recipients.length === 0) return { ok: false, message: 'The delivery-status part names no recipient (no Final-Recipient field).' };

  const original = parsed.attachments.find((a) => /^(text\/rfc822-headers|message\/rfc822|message\/global-headers)$/i.test(a.contentType));
  const originalMessageId = original ? /^message-id:\s*(<[^>]+>)/im.exec(contentOf(original))?.[1] : undefined;
  return { ok: true, report: { recipients, originalMessageId, reportingMta: perMessage?.get('reporting-mta')?.replace(/^[^;]*;\s*/, '') } };
}

/** The outbox key a Message-ID was made from (see messageIdOf in the sender), if it was one of ours. */
export function outboxKeyOfMessageId(messageId: string): string | undefined {
  const local = /^<([A-Za-z0-9_-]+)@[^>]+>$/.exec(messageId.trim())?.[1];
  if (!local) return undefined;
  const key = Buffer.from(local, 'base64url').toString('utf8');
  return /^[\x20-\x7e]+$/.test(key) && Buffer.from(key).toString('base64url') === local ? key : undefined;
}
