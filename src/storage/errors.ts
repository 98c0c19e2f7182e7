/** Storage errors as typed values: 412 becomes ConflictError, 409 on insert AlreadyExistsError. */

export class ConflictError extends Error {
  constructor(readonly table: string, readonly partitionKey: string, readonly rowKey: string) {
    super(`The ${table} row ${partitionKey}/${rowKey} was changed by someone else since it was read; read it again and retry.`);
    this.name = 'ConflictError';
  }
}

export class AlreadyExistsError extends Error {
  constructor(readonly table: string, readonly partitionKey: string, readonly rowKey: string) {
    super(`The ${table} row ${partitionKey}/${rowKey} already exists.`);
    this.name = 'AlreadyExistsError';
  }
}

export class StorageUnavailableError extends Error {
  /** `where`: which store, in words (never a key). */
  constructor(cause: unknown, where?: string) {
    super(`Table storage${where ? ` (${where})` : ''} did not answer: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'StorageUnavailableError';
  }
}

export function statusOf(err: unknown): number | undefined {
  if (err && typeof err === 'object' && 'statusCode' in err) {
    const code = (err as { statusCode?: unknown }).statusCode;
    return typeof code === 'number' ? code : undefined;
  }
  return undefined;
}

/** Network failures: the store's host refused, dropped or never answered the connection. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH',
  'ENETUNREACH', 'EPIPE', 'REQUEST_SEND_ERROR', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * Whether an error means the table service could not be used (rather than that it answered
 * about the data): StorageUnavailableError, a network failure, a 5xx, or refused credentials.
 */
export function isStorageUnavailable(err: unknown): boolean {
  if (err instanceof StorageUnavailableError) return true;
  if (!err || typeof err !== 'object') return false;
  const e = err as { name?: unknown; code?: unknown; statusCode?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true;
  if (e.name === 'CredentialUnavailableError' || e.name === 'AuthenticationError') return true;
  if (e.name === 'RestError') {
    const status = statusOf(err);
    if (status === undefined || status >= 500 || status === 401 || status === 403) return true;
  }
  if (Array.isArray(e.errors) && e.errors.some(isStorageUnavailable)) return true;
  return e.cause !== undefined && e.cause !== err && isStorageUnavailable(e.cause);
}
