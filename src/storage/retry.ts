/** Optimistic concurrency: re-run a read-change-write while its ETag is stale. */
import { ConflictError } from './errors';

/** Runs `attempt` again while it throws ConflictError, up to `tries` times. */
export async function retryOnConflict<T>(attempt: () => Promise<T>, tries = 10): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (!(err instanceof ConflictError) || i >= tries) throw err;
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 20 * i)));
    }
  }
}

