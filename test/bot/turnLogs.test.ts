/** A turn's log lines: each carries the activity's correlation id, none carries an update's words. */
import { Writable } from 'node:stream';
import path from 'node:path';
import { loadConfig } from '../../src/config/config';
import { fixedClock } from '../../src/domain/clock';
import { importPlan } from '../../src/import';
import { createLogger } from '../../src/logging/logger';
import { startPlanPulse } from '../../app/runtime';
import { startConnector } from '../support/connector';
import { adaptiveCardInvoke, postActivity } from '../support/activities';
import { makeTestStore } from '../support/store';

it('tags every line of a turn with its correlation id and leaves the narrative out', async () => {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const clock = fixedClock('2023-11-20T10:00:00Z');
  const store = await makeTestStore();
  await importPlan(store, path.join(__dirname, '../../fixtures/plymouth-2023'), { timeZone: 'Europe/London', planId: 'plymouth-2023', clock });
  const connector = await startConnector();
  const running = await startPlanPulse({
    config: loadConfig({ PORT: '0', PLANPULSE_SCHEDULER: 'off' }),
    clock,
    logger: createLogger({ level: 'info', destination }),
    opened: { store, description: 'test', close: async () => {} },
  });
  try {
    const user = { id: '29:dh', aadObjectId: '11111111-1111-4111-8111-111111111111', name: 'Dan' };
    connector.addMember('*', { ...user, email: 'dh@plymouth.example', userPrincipalName: 'dh@plymouth.example' });
    const narrative = 'Framework agreed with the parent carer forum on Tuesday evening.';
    const res = await postActivity(
      running.url,
      adaptiveCardInvoke({
        serviceUrl: connector.serviceUrl,
        user,
        id: 'activity-42',
        verb: 'update.submit',
        data: { ref: '1.1', planId: 'plymouth-2023', brag: 'amber', narrative, submissionId: 'log-1' },
      }),
    );
    expect(res.status).toBe(200);
    const lines = chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    const recorded = lines.find((l) => l.msg === 'Recorded an update.');
    expect(recorded).toMatchObject({ correlationId: 'activity-42', ref: '1.1' });
    expect(chunks.join('')).not.toContain(narrative);
  } finally {
    await running.close();
    await connector.close();
  }
});
