/**
 * What never reaches a log line: credentials, tokens, connection-string keys, and the words
 * people write in their updates. Used by the logger on every record and binding.
 */

export const REDACTED = '[redacted]';

/**
 * Paths for pino's own `redact` option, which censors the usual places cheaply; the deep
 * scrub below catches the same names at any depth and in any letter case.
 */
export const REDACT_PATHS: string[] = [
  'MicrosoftAppPassword',
  'password',
  'authorization',
  'Authorization',
  'headers.authorization',
  'headers.Authorization',
  'token',
  'accessToken',
  'connectionString',
  'STORAGE_CONNECTION_STRING',
  'narrative',
  'voice',
  'blockers',
  'note',
  'text',
].flatMap((p) => [p, `*.${p}`]);

// Field names whose value is secret wherever they appear (compared lower-case, without - and _).
const SECRET_NAME = /password|passwd|secret|token|authorization|cookie|connectionstring|accountkey|sharedaccess|apikey|credential/;
// Free text an update carries: it may name children or families, so it stays out of logs.
const UPDATE_TEXT_NAMES = new Set(['narrative', 'voice', 'blockers', 'note', 'text']);

const STRING_PATTERNS: Array<[RegExp, string]> = [
  [/\b(AccountKey|SharedAccessKey|SharedAccessSignature|sig|MicrosoftAppPassword|password|pwd|secret|client_secret)=[^;&\s"']+/gi, `$1=${REDACTED}`],
  [/\bBearer\s+[A-Za-z0-9\-._~+/]+=*/gi, `Bearer ${REDACTED}`],
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, REDACTED],
];

export function isSecretName(name: string): boolean {
  const key = name.toLowerCase().replace(/[-_]/g, '');
  return SECRET_NAME.test(key) || UPDATE_TEXT_NAMES.has(key);
}

/** Replaces keys, tokens and passwords embedded in free text (error messages, URLs, connection strings). */
export function scrubString(text: string): string {
  return STRING_PATTERNS.reduce((s, [pattern, replacement]) => s.replace(pattern, replacement), text);
}

function errorToObject(err: Error): Record<string, unknown> {
  const out: Record<string, unknown> = { type: err.name, message: err.message, stack: err.stack };
  for (const [k, v] of Object.entries(err)) out[k] = v;
  if ('cause' in err && err.cause !== undefined) out.cause = err.cause;
  return out;
}

/** A copy of `value` with secret fields censored and secrets in strings replaced; the input is not changed. */
export function scrubSecrets(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return scrubString(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  if (depth > 12) return '[Too deep]';
  seen.add(value);
  if (value instanceof Error) return scrubSecrets(errorToObject(value), depth + 1, seen);
  if (Buffer.isBuffer(value)) return `[${value.length} bytes]`;
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((item) => scrubSecrets(item, depth + 1, seen));
  if (value instanceof Map) return scrubSecrets(Object.fromEntries(value), depth + 1, seen);
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = isSecretName(key) && inner !== undefined && inner !== null ? REDACTED : scrubSecrets(inner, depth + 1, seen);
  }
  return out;
}
