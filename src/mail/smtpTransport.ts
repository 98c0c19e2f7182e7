/**
 * The mail transport over SMTP: nodemailer (a well-kept implementation of SMTP submission,
 * STARTTLS, authentication and connection pooling) to SMTP_URL, a council relay or Microsoft
 * 365's smtp.office365.com:587. Its failures become SendErrors carrying the SMTP reply code
 * and the command that failed, for classifyMailError.
 */
import type { Transporter } from 'nodemailer';
import { SendError, type MailTransport } from '../outbox/transport';

interface SmtpErrorLike {
  responseCode?: number;
  command?: string;
  code?: string;
  message?: string;
  response?: string;
}

export function toMailSendError(err: unknown): SendError {
  const e = (err ?? {}) as SmtpErrorLike;
  const status = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const command = e.command?.toUpperCase().startsWith('RCPT') ? 'RCPT TO' : e.command;
  return new SendError(`The mail server refused the message${status ? ` (${status})` : ''}: ${e.response ?? e.message ?? String(err)}`, status, command ?? e.code);
}

/** The URL without its password, for the banner and logs. */
export function describeSmtpUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.username ? `${decodeURIComponent(u.username)}@` : ''}${u.host}`;
  } catch {
    return 'the configured SMTP server';
  }
}

export function createSmtpTransport(smtpUrl: string, from: string): MailTransport & { close(): void } {
  const url = new URL(smtpUrl);
  // A pool keeps a few connections open across a tick's mail instead of one handshake per message.
  if (!url.searchParams.has('pool')) url.searchParams.set('pool', 'true');
  // nodemailer loads with the first message, so a tick with no mail to send does not pay for it.
  let mailer: Transporter | undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mailerOf = () => (mailer ??= (require('nodemailer') as typeof import('nodemailer')).createTransport(url.toString()));
  return {
    description: `SMTP via ${describeSmtpUrl(smtpUrl)}`,
    async sendMail(mail, options = {}) {
      await options.beforeSend?.();
      try {
        const info = await mailerOf().sendMail({
          from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: mail.messageId,
          ...(mail.attachments?.length ? { attachments: mail.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })) } : {}),
          // RFC 3834: out-of-office replies should not answer an automatic message.
          headers: { 'Auto-Submitted': 'auto-generated' },
        });
        return { messageId: info.messageId ?? mail.messageId };
      } catch (err) {
        throw toMailSendError(err);
      }
    },
    close() {
      mailer?.close();
    },
  };
}
