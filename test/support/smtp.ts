/**
 * A real SMTP server in the test process (smtp-server, the server half of nodemailer's
 * project): it speaks SMTP on an ephemeral port, parses every accepted message with
 * mailparser, and can refuse recipients (5xx at RCPT TO, a bounce) or defer messages
 * (4xx at DATA, as a busy relay does) on request.
 */
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';

export interface ReceivedMail {
  envelopeTo: string[];
  parsed: ParsedMail;
  raw: string;
}

export interface SmtpStandIn {
  url: string;
  received: ReceivedMail[];
  /** Recipients answered 550 at RCPT TO. */
  bounce: Set<string>;
  /** When true, the next recipient seen is added to `bounce` (and answered 550). */
  bounceNextRecipient: boolean;
  /** Messages answered 451 at end of DATA, this many more times. */
  deferNext: number;
  /** Messages answered 554 (transaction failed) at end of DATA, this many more times. */
  refuseNext: number;
  close(): Promise<void>;
}

function smtpError(message: string, code: number): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

export async function startSmtp(): Promise<SmtpStandIn> {
  const state = { received: [] as ReceivedMail[], bounce: new Set<string>(), deferNext: 0, refuseNext: 0, bounceNextRecipient: false };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (state.bounceNextRecipient) {
        state.bounceNextRecipient = false;
        state.bounce.add(address.address.toLowerCase());
      }
      if (state.bounce.has(address.address.toLowerCase())) return callback(smtpError(`5.1.1 <${address.address}>: mailbox unavailable`, 550));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (state.deferNext > 0) {
          state.deferNext--;
          return callback(smtpError('4.3.2 try again later', 451));
        }
        if (state.refuseNext > 0) {
          state.refuseNext--;
          return callback(smtpError('5.7.1 message refused by policy', 554));
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw).then(
          (parsed) => {
            state.received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), parsed, raw });
            callback();
          },
          (err: Error) => callback(err),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    get received() {
      return state.received;
    },
    bounce: state.bounce,
    get deferNext() {
      return state.deferNext;
    },
    set deferNext(n: number) {
      state.deferNext = n;
    },
    get refuseNext() {
      return state.refuseNext;
    },
    set refuseNext(n: number) {
      state.refuseNext = n;
    },
    get bounceNextRecipient() {
      return state.bounceNextRecipient;
    },
    set bounceNextRecipient(b: boolean) {
      state.bounceNextRecipient = b;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
