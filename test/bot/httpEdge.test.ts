/**
 * The server's edges that need their own configuration: Bot Framework authentication when
 * credentials are set, loopback binding when they are not, /healthz without storage, and the
 * pages the Teams app links to.
 */
import { loadConfig } from '../../src/config/config';
import { createLogger } from '../../src/logging/logger';
import { Store } from '../../src/storage/store';
import { TableStore } from '../../src/storage/tableStore';
import { azuriteConnectionString } from '../../src/storage/azurite';
import { startPlanPulse, type RunningPlanPulse } from '../../app/runtime';
import { personalMessage, postActivity } from '../support/activities';
import { makeTestStore } from '../support/store';

const quiet = createLogger({ level: 'silent' });

/** Runs `check` against a server started with `env` (over a fresh test store unless one is given), then stops it. */
async function withServer(
  check: (running: RunningPlanPulse) => Promise<void>,
  options: { env?: Record<string, string>; store?: Store } = {},
): Promise<void> {
  const store = options.store ?? (await makeTestStore());
  const running = await startPlanPulse({
    config: loadConfig({ PORT: '0', PLANPULSE_SCHEDULER: 'off', ...options.env }),
    logger: quiet,
    opened: { store, description: 'test', close: async () => {} },
  });
  try {
    await check(running);
  } finally {
    await running.close();
  }
}

describe('with Bot Framework credentials', () => {
  it('refuses an activity without a valid token with 401 and listens beyond loopback', async () => {
    await withServer(
      async (running) => {
        expect(running.host).toBe('0.0.0.0');
        const activity = personalMessage({ text: 'help', serviceUrl: 'http://127.0.0.1:9/', user: { id: '29:x', aadObjectId: 'a', name: 'X' } });
        const port = running.port;
        const noToken = await postActivity(`http://127.0.0.1:${port}`, activity);
        expect(noToken.status).toBe(401);
        const badToken = await postActivity(`http://127.0.0.1:${port}`, activity, { authorization: 'Bearer not.a.token' });
        expect(badToken.status).toBe(401);
      },
      { env: { MicrosoftAppId: '00000000-0000-4000-8000-00000000abcd', MicrosoftAppPassword: 'not-a-real-secret' } },
    );
  });
});

describe('without credentials', () => {
  it('binds to loopback only', async () => {
    await withServer(async (running) => {
      expect(running.host).toBe('127.0.0.1');
      expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    });
  });
});

describe('/healthz', () => {
  it('answers 503 when storage does not answer', async () => {
    // Port 9 (discard) on loopback: nothing listens there.
    const dead = new Store(new TableStore({ kind: 'connectionString', connectionString: azuriteConnectionString('http://127.0.0.1:9/devstoreaccount1') }, 'dead'));
    await withServer(
      async (running) => {
        const res = await fetch(`${running.url}/healthz`);
        expect(res.status).toBe(503);
        expect(await res.json()).toMatchObject({ status: 'unavailable' });
      },
      { store: dead },
    );
  });
});

describe('the pages the Teams app links to', () => {
  it('serves a privacy notice and terms of use as HTML, saying no child\'s data belongs in the plan, and a page saying what Plan Pulse is', async () => {
    await withServer(async (running) => {
      for (const [route, heading] of [
        ['/privacy', 'Privacy notice'],
        ['/terms', 'Terms of use'],
      ]) {
        const res = await fetch(`${running.url}${route}`);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
        const html = await res.text();
        expect(html).toContain(`<h1>${heading}</h1>`);
        expect(html).toMatch(/child's or family's personal data/);
      }
      const about = await fetch(`${running.url}/`);
      expect(about.status).toBe(200);
      const html = await about.text();
      expect(html).toContain('SEND improvement plan');
      expect(html).toContain('href="/privacy"');
    });
  });
});
