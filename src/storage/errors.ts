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
  constructor(cause: unknown) {
    super(`Table storage did not answer: ${cause instanceof Error ? cause.message : String(cause)}`);
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
