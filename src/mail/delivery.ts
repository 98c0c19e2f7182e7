/**
 * Putting email delivery together from the configuration: SMTP when SMTP_URL is set; with
 * the embedded store and no SMTP_URL, mail is captured into the store and shown at /dev/mail;
 * with a configured store and no SMTP_URL, there is no email (everyone stays on Teams).
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Config } from '../config/config';
import type { Clock } from '../domain/clock';
import type { MailDelivery } from '../outbox/sender';
import { DECISIONS_LINK_PLACEHOLDER, RESPONSE_LINK_PLACEHOLDER, type MailTransport } from '../outbox/transport';
import type { LinkRequest } from '../outbox/model';
import type { Store } from '../storage/store';
import { ResponseLinks } from '../respond/links';
import { createSmtpTransport } from './smtpTransport';

export type MailConfig = Pick<
  Config,
  'SMTP_URL' | 'MAIL_FROM' | 'PLANPULSE_PUBLIC_URL' | 'PLANPULSE_LINK_SECRET' | 'PORT' | 'PLANPULSE_DATA_DIR' | 'STORAGE_CONNECTION_STRING' | 'STORAGE_TABLE_ENDPOINT'
>;

export const usesEmbeddedStore = (config: Pick<Config, 'STORAGE_CONNECTION_STRING' | 'STORAGE_TABLE_ENDPOINT'>) =>
  !config.STORAGE_CONNECTION_STRING && !config.STORAGE_TABLE_ENDPOINT;

/**
 * PLANPULSE_LINK_SECRET, or with the embedded store one generated on first start and kept
 * beside the data (readable by its owner only), so links survive restarts.
 */
export function linkSecret(config: MailConfig): string | undefined {
  if (config.PLANPULSE_LINK_SECRET) return config.PLANPULSE_LINK_SECRET;
  if (!usesEmbeddedStore(config)) return undefined;
  const file = path.resolve(config.PLANPULSE_DATA_DIR, 'link-secret');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  try {
    fs.writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (err) {
    // Another process (the CLI beside the bot) wrote it first: use theirs.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return fs.readFileSync(file, 'utf8').trim();
    throw err;
  }
}

export const publicUrlOf = (config: Pick<Config, 'PLANPULSE_PUBLIC_URL' | 'PORT'>, port?: number) =>
  (config.PLANPULSE_PUBLIC_URL ?? `http://127.0.0.1:${port ?? config.PORT}`).replace(/\/+$/, '');

/** Stores mail instead of sending it: the embedded store's stand-in for a relay. */
export function createCaptureTransport(store: Store, from: string, clock: Clock): MailTransport {
  return {
    description: 'captured locally (no SMTP_URL)',
    async sendMail(mail, options = {}) {
      await options.beforeSend?.();
      await store.capturedMail.add({ messageId: mail.messageId, from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, ...(mail.attachments?.length ? { attachments: mail.attachments } : {}), at: clock.now().toISOString() });
      return { messageId: mail.messageId };
    },
  };
}

export interface MailSetup {
  delivery?: MailDelivery;
  links?: ResponseLinks;
  /** Mail is captured into the store and shown at /dev/mail. */
  captured: boolean;
  /** For the banner. */
  description: string;
  close(): void;
}

export function mailDeliveryOf(transport: MailTransport, links: ResponseLinks, clock: Clock): MailDelivery {
  return {
    transport,
    domain: new URL(links.publicUrl).hostname || 'planpulse.local',
    async prepare(message) {
      let mail = message.mail!;
      const fill = async (placeholder: string, request: LinkRequest, key: string) => {
        const url = links.url(await links.mint({ ...message, key }, request, clock.now()));
        mail = { ...mail, text: mail.text.split(placeholder).join(url), html: mail.html.split(placeholder).join(url) };
      };
      if (mail.link) await fill(RESPONSE_LINK_PLACEHOLDER, mail.link, message.key);
      // A link of its own (its own nonce): the decisions page opens what the chair decides, not the lead's actions.
      if (mail.decisionsLink) await fill(DECISIONS_LINK_PLACEHOLDER, mail.decisionsLink, `${message.key}~decisions`);
      return mail;
    },
  };
}

export function setUpMail(config: MailConfig, store: Store, clock: Clock, port?: number): MailSetup {
  const secret = linkSecret(config);
  const links = secret ? new ResponseLinks(store, secret, publicUrlOf(config, port)) : undefined;
  if (!links) return { captured: false, description: 'off (no PLANPULSE_LINK_SECRET)', close() {} };
  if (config.SMTP_URL) {
    const transport = createSmtpTransport(config.SMTP_URL, config.MAIL_FROM);
    return { delivery: mailDeliveryOf(transport, links, clock), links, captured: false, description: transport.description, close: () => transport.close() };
  }
  if (usesEmbeddedStore(config)) {
    const transport = createCaptureTransport(store, config.MAIL_FROM, clock);
    return { delivery: mailDeliveryOf(transport, links, clock), links, captured: true, description: transport.description, close() {} };
  }
  return { links, captured: false, description: 'off (no SMTP_URL)', close() {} };
}
