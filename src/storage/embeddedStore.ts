/**
 * One embedded store per data folder, shared by every Plan Pulse process that uses the folder.
 * Azurite keeps its tables in memory and saves them to one data file every few seconds, so two
 * Azurites on one file lose data: the last to save wins. Exactly one process therefore runs
 * Azurite on a folder, and says so in `<folder>/azurite.lock`, a file created exclusively and
 * holding its pid, its Azurite's pid and address, and its role:
 *
 * - `server` (`npm start`): the long-lived owner. A command run while it runs connects to its
 *   Azurite and works on its live data.
 * - `cli` (a command run with no server): starts its own Azurite and holds the lock until it has
 *   saved and stopped. Another command, or a server starting, waits for it to finish rather
 *   than connect to a store that is about to stop.
 *
 * A lock whose owner is gone (its pid dead, or its Azurite no longer answering) is stale: it is
 * taken over once the old Azurite, which saves as it dies, has exited too.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { startAzurite, azuriteConnectionString } from './azurite';

export const LOCK_FILE = 'azurite.lock';

export type StoreRole = 'server' | 'cli';

export interface StoreLock {
  /** The process that owns the embedded store. */
  pid: number;
  role: StoreRole;
  /** Its Azurite child, which holds the data file until it exits. */
  azuritePid?: number;
  /** Written once Azurite answers. */
  url?: string;
  since: string;
  token: string;
}

export interface SharedStoreOptions {
  dataDir: string;
  role: StoreRole;
  /** How long to wait for another owner to finish or to start; then StoreBusyError. */
  waitMs?: number;
  /** Told once when this process has to wait for another. */
  onWait?: (holder: StoreLock) => void;
}

export interface SharedStore {
  url: string;
  connectionString: string;
  /** True when this process runs the Azurite; false when it uses another process's. */
  owner: boolean;
  holder: StoreLock;
  /** The owner stops Azurite (saving the data file) and frees the lock; others just leave. */
  close(): Promise<void>;
}

export class StoreBusyError extends Error {
  constructor(readonly holder: StoreLock | undefined, readonly lockPath: string, waitedMs: number) {
    super(
      `the embedded store in ${path.dirname(lockPath)} is still held by ${holder ? describeHolder(holder) : 'another process'} ` +
        `after ${Math.round(waitedMs / 1000)} s. If no such process runs, delete ${lockPath}.`,
    );
    this.name = 'StoreBusyError';
  }
}

/** What a process waiting for `holder` tells its user. */
export function waitingFor(holder: StoreLock): string {
  return holder.role === 'server' && !holder.url
    ? `Waiting for ${describeHolder(holder)} to start the embedded store…`
    : `Waiting for ${describeHolder(holder)} to finish with the embedded store…`;
}

export function describeHolder(holder: StoreLock): string {
  return `${holder.role === 'server' ? 'the running Plan Pulse (npm start)' : 'a planpulse command'}, pid ${holder.pid}`;
}

const POLL_MS = 150;
/** An owner whose Azurite has not answered for this long (its pid reused, say) is gone. */
const SILENT_OWNER_MS = 10_000;
/** A lock file still empty after this long was left by a process that died while creating it. */
const EMPTY_LOCK_MS = 5_000;

export function processAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The lock as recorded, or undefined when there is none (or it is being written). */
export function readLock(lockPath: string): StoreLock | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(lockPath, 'utf8')) as Partial<StoreLock>;
    return typeof parsed.pid === 'number' && typeof parsed.token === 'string' ? (parsed as StoreLock) : undefined;
  } catch {
    return undefined;
  }
}

function tryCreateLock(lockPath: string, lock: StoreLock): boolean {
  try {
    fs.writeFileSync(lockPath, JSON.stringify(lock), { flag: 'wx' });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/** Replaces the lock's content in one step (the file never disappears while held). */
function rewriteLock(lockPath: string, lock: StoreLock): void {
  const temp = `${lockPath}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(lock));
  fs.renameSync(temp, lockPath);
}

/** Removes the lock only if it is still the one read (same token): never a newer owner's. */
function removeLockIf(lockPath: string, token: string): void {
  if (readLock(lockPath)?.token !== token) return;
  // Renamed aside first, then checked again: another process may have replaced it meanwhile.
  const aside = `${lockPath}.${process.pid}.${randomUUID()}.stale`;
  try {
    fs.renameSync(lockPath, aside);
  } catch {
    return;
  }
  const moved = readLock(aside);
  if (moved?.token === token) fs.rmSync(aside, { force: true });
  else {
    // Someone else's lock was moved: put it back unless another was created in between.
    try {
      fs.linkSync(aside, lockPath);
    } catch {
      /* a newer lock exists; the moved one is obsolete either way */
    }
    fs.rmSync(aside, { force: true });
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    // Any HTTP answer (Azurite refuses an unsigned request) means it is serving.
    await fetch(url, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Opens the folder's embedded store: connects to its owner's Azurite, or becomes the owner. */
export async function openSharedStore(options: SharedStoreOptions): Promise<SharedStore> {
  const dataDir = path.resolve(options.dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, LOCK_FILE);
  const waitMs = options.waitMs ?? (options.role === 'server' ? 10 * 60_000 : 2 * 60_000);
  const started = Date.now();
  let told = false;
  let silentSince: { token: string; at: number } | undefined;
  let emptySince: number | undefined;

  for (;;) {
    const mine: StoreLock = { pid: process.pid, role: options.role, since: new Date().toISOString(), token: randomUUID() };
    if (tryCreateLock(lockPath, mine)) return own(lockPath, dataDir, mine);

    const holder = readLock(lockPath);
    if (!holder) {
      // Being written by its creator, or left empty by one that died at that instant.
      emptySince ??= Date.now();
      if (Date.now() - emptySince > EMPTY_LOCK_MS) {
        fs.rmSync(lockPath, { force: true });
        emptySince = undefined;
      } else await sleep(POLL_MS);
      continue;
    }
    emptySince = undefined;

    let stale = !processAlive(holder.pid);
    if (!stale && holder.url) {
      if (await answers(holder.url)) {
        silentSince = undefined;
        if (holder.role === 'server') {
          return {
            url: holder.url,
            connectionString: azuriteConnectionString(holder.url),
            owner: false,
            holder,
            close: async () => {},
          };
        }
      } else {
        if (silentSince?.token !== holder.token) silentSince = { token: holder.token, at: Date.now() };
        stale = Date.now() - silentSince.at > SILENT_OWNER_MS;
      }
    }
    if (stale) {
      // The old Azurite saves its data as it stops: wait for it before starting another.
      const until = Date.now() + 30_000;
      while (processAlive(holder.azuritePid) && Date.now() < until) await sleep(POLL_MS);
      removeLockIf(lockPath, holder.token);
      continue;
    }
    if (Date.now() - started > waitMs) throw new StoreBusyError(holder, lockPath, Date.now() - started);
    if (!told) {
      told = true;
      options.onWait?.(holder);
    }
    await sleep(POLL_MS);
  }
}

async function own(lockPath: string, dataDir: string, lock: StoreLock): Promise<SharedStore> {
  let azurite;
  try {
    azurite = await startAzurite({ dataDir });
  } catch (err) {
    removeLockIf(lockPath, lock.token);
    throw err;
  }
  const recorded: StoreLock = { ...lock, azuritePid: azurite.pid, url: azurite.url };
  rewriteLock(lockPath, recorded);
  let closing: Promise<void> | undefined;
  return {
    url: azurite.url,
    connectionString: azurite.connectionString,
    owner: true,
    holder: recorded,
    close() {
      closing ??= azurite.stop().then(() => removeLockIf(lockPath, lock.token));
      return closing;
    },
  };
}
