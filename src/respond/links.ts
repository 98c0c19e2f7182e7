/**
 * Response links: minting them as a mail is sent and checking them when the page is opened.
 *
 * A token is `nonce.signature`: the nonce is derived from the outbox key (so a resend of the
 * same mail carries the same link), and the signature is an HMAC with PLANPULSE_LINK_SECRET
 * over the nonce and everything the link grants (plan, person, cycle or refs, expiry). The
 * token says nothing about the person; the server keeps only its SHA-256, with the grant, so
 * a leaked table cannot be turned back into links, and a link can be withdrawn.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { LinkRequest, OutboxMessage } from '../outbox/model';
import type { ResponseLink } from '../storage/responseLinkRepository';
import type { Store } from '../storage/store';

export type LinkCheck =
  | { ok: true; link: ResponseLink }
  | { ok: false; reason: 'invalid' | 'expired' | 'revoked'; link?: ResponseLink };

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export class ResponseLinks {
  constructor(
    private readonly store: Store,
    private readonly secret: string,
    /** PLANPULSE_PUBLIC_URL, without a trailing slash (set to the bound address when that is the default). */
    public publicUrl: string,
  ) {
    if (secret.length < 32) throw new Error('PLANPULSE_LINK_SECRET must be at least 32 characters long.');
  }

  private mac(...parts: string[]): Buffer {
    return createHmac('sha256', this.secret).update(parts.join('\u0000')).digest();
  }

  private signature(nonce: string, grant: Pick<ResponseLink, 'planId' | 'personId' | 'kind' | 'groupId' | 'meetingDate' | 'refs' | 'expiresAt'>): string {
    return this.mac(
      'link',
      nonce,
      grant.planId,
      grant.personId,
      grant.kind,
      grant.groupId ?? '',
      grant.meetingDate ?? '',
      grant.refs.join(','),
      grant.expiresAt,
    ).toString('base64url');
  }

  /** The token for an outbox message's link, recorded (as a hash) before it is handed out. */
  async mint(message: Pick<OutboxMessage, 'planId' | 'recipientId' | 'key'>, request: LinkRequest, now: Date): Promise<string> {
    const nonce = this.mac('nonce', message.planId, message.key).subarray(0, 16).toString('base64url');
    const grant = {
      planId: message.planId,
      personId: message.recipientId.toLowerCase(),
      kind: request.kind,
      groupId: request.groupId,
      meetingDate: request.meetingDate,
      refs: request.refs,
      expiresAt: request.expiresAt,
    };
    const token = `${nonce}.${this.signature(nonce, grant)}`;
    await this.store.responseLinks.record({ ...grant, hash: hashToken(token), issuedAt: now.toISOString(), messageKey: message.key });
    return token;
  }

  url(token: string): string {
    return `${this.publicUrl}/respond/${token}`;
  }

  /**
   * Whether a token opens anything now. Only a token this server issued, unaltered, passes.
   * `read` finds the stored link by its hash (the response page reads it through the cache).
   */
  async check(token: string, now: Date, read: (hash: string) => Promise<ResponseLink | undefined> = (hash) => this.store.responseLinks.get(hash)): Promise<LinkCheck> {
    if (!TOKEN_SHAPE.test(token)) return { ok: false, reason: 'invalid' };
    const link = await read(hashToken(token));
    if (!link) return { ok: false, reason: 'invalid' };
    // Only the issued token hashes to a stored link, so a withdrawn one says so even when its
    // grant has changed since (a forgotten person's address replaced by a pseudonym).
    if (link.revokedAt) return { ok: false, reason: 'revoked', link };
    const [nonce, given] = token.split('.') as [string, string];
    const expected = Buffer.from(this.signature(nonce, link));
    const actual = Buffer.from(given);
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return { ok: false, reason: 'invalid' };
    if (Date.parse(link.expiresAt) <= now.getTime()) return { ok: false, reason: 'expired', link };
    return { ok: true, link };
  }

  /** The form's CSRF token: bound to the link, so it is useless with any other. */
  csrfToken(link: ResponseLink): string {
    return this.mac('csrf', link.hash).toString('base64url');
  }

  checkCsrf(link: ResponseLink, given: unknown): boolean {
    if (typeof given !== 'string') return false;
    const expected = Buffer.from(this.csrfToken(link));
    const actual = Buffer.from(given);
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }
}
