/**
 * Mail captured instead of sent (the embedded store with no SMTP_URL), for /dev/mail: newest
 * first through an inverted-time row key.
 */
import type { Table, TableStore } from './tableStore';

export interface CapturedMail {
  id: string;
  messageId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Files the mail carried (a board paper), as sent. */
  attachments?: Array<{ filename: string; contentType: string; content: string }>;
  at: string;
}

const PARTITION = 'mail';
const MAX_TIME = 8.64e15;

export class CapturedMailRepository {
  readonly table: Table<CapturedMail>;

  constructor(store: TableStore) {
    this.table = store.table('CapturedMail');
  }

  async add(mail: Omit<CapturedMail, 'id'>): Promise<CapturedMail> {
    const inverted = String(MAX_TIME - Date.parse(mail.at)).padStart(16, '0');
    const id = `${inverted}-${Buffer.from(mail.messageId).toString('base64url').slice(0, 40)}`;
    const stored = { ...mail, id };
    await this.table.upsert(PARTITION, id, stored);
    return stored;
  }

  async list(limit = 50): Promise<CapturedMail[]> {
    return (await this.table.list(PARTITION, { limit })).map((r) => r.value);
  }

  async get(id: string): Promise<CapturedMail | undefined> {
    return (await this.table.get(PARTITION, id))?.value;
  }
}
