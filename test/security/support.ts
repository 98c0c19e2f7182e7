/**
 * The real server with a chosen configuration over a fresh test store, and a raw HTTP
 * request that sets any header (fetch will not set Host).
 */
import http from 'node:http';
import { loadConfig } from '../../src/config/config';
import { createLogger, type Logger } from '../../src/logging/logger';
import type { Store } from '../../src/storage/store';
import { startPlanPulse, type RunningPlanPulse } from '../../app/runtime';
import { makeTestStore } from '../support/store';

export const CREDENTIALS = { MicrosoftAppId: '00000000-0000-4000-8000-00000000abcd', MicrosoftAppPassword: 'not-a-real-secret' };

export async function withServer(
  check: (running: RunningPlanPulse) => Promise<void>,
  options: { env?: Record<string, string>; store?: Store; logger?: Logger } = {},
): Promise<void> {
  const store = options.store ?? (await makeTestStore());
  const running = await startPlanPulse({
    config: loadConfig({ PORT: '0', PLANPULSE_SCHEDULER: 'off', ...options.env }),
    logger: options.logger ?? createLogger({ level: 'silent' }),
    opened: { store, description: 'test', close: async () => {} },
  });
  try {
    await check(running);
  } finally {
    await running.close();
  }
}

export interface RawResponse {
  status: number;
  body: string;
}

/** One request over node:http, so every header (Host included) is exactly as given. */
export function rawRequest(port: number, options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: options.method ?? 'POST', path: options.path, headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    // The server may answer and close before the whole body is written.
    req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' || err.code === 'ECONNRESET' ? undefined : reject(err)));
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}
