/** Structured logs: JSON lines carrying the correlation id, and never a secret or an update's words. */
import { Writable } from 'node:stream';
import { createLogger, LogLevelError } from '../../src/logging/logger';
import { correlated, newCorrelationId } from '../../src/logging/correlation';

function capture() {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return {
    destination,
    text: () => chunks.join(''),
    lines: () => chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

const PASSWORD = 'Zq8~s3cr3t.AppPassw0rd_value';
const JWT = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJib3QiLCJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJlLXBhcnQ';
const ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const CONNECTION_STRING = `DefaultEndpointsProtocol=https;AccountName=planpulseprod;AccountKey=${ACCOUNT_KEY};EndpointSuffix=core.windows.net`;
const NARRATIVE = 'Parent carers forum reviewed the draft with the family of a Year 9 pupil at Tor Bridge';
const BLOCKERS = 'ICB sign-off delayed by the named social worker';

describe('structured logs', () => {
  it('keeps passwords, tokens, account keys and update text out of every line while keeping the correlation id', () => {
    const out = capture();
    const correlationId = newCorrelationId();
    const log = correlated(createLogger({ level: 'debug', destination: out.destination }), correlationId);

    log.info({ config: { MicrosoftAppId: 'b0b0b0b0-0000-4000-8000-000000000000', MicrosoftAppPassword: PASSWORD } }, 'configuration loaded');
    log.info({ req: { method: 'POST', url: '/api/messages', headers: { Authorization: `Bearer ${JWT}` } } }, 'activity received');
    log.warn({ storage: { connectionString: CONNECTION_STRING } }, 'storage is slow');
    log.error(new Error(`Could not reach table storage with ${CONNECTION_STRING}`), 'storage failed');
    log.info({ activity: { type: 'invoke', value: { verb: 'update.submit', data: { ref: '2.4', brag: 'amber', narrative: NARRATIVE, blockers: BLOCKERS } } } }, 'card action');
    log.debug(`token refresh with Authorization: Bearer ${JWT}`);

    const text = out.text();
    for (const secret of [PASSWORD, JWT, ACCOUNT_KEY, NARRATIVE, BLOCKERS]) expect(text).not.toContain(secret);

    const lines = out.lines();
    expect(lines).toHaveLength(6);
    for (const line of lines) expect(line.correlationId).toBe(correlationId);
    // What is safe to read stays readable.
    expect(text).toContain('b0b0b0b0-0000-4000-8000-000000000000');
    expect(text).toContain('AccountName=planpulseprod');
    expect(text).toContain('"verb":"update.submit"');
    expect(text).toContain('"brag":"amber"');
    expect(lines[3]!.msg).toBe('storage failed');
    expect(lines[3]!.err).toMatchObject({ type: 'Error', message: expect.stringContaining('Could not reach table storage') });
  });

  it('does not change the objects it is given', () => {
    const out = capture();
    const update = { ref: '2.4', narrative: NARRATIVE };
    createLogger({ destination: out.destination }).info({ update }, 'update stored');
    expect(update.narrative).toBe(NARRATIVE);
    expect(out.text()).not.toContain(NARRATIVE);
  });

  it('writes one JSON object per line with an ISO time and a level name, at the level LOG_LEVEL sets', () => {
    const out = capture();
    const log = createLogger({ destination: out.destination, env: { LOG_LEVEL: 'warn' }, name: 'planpulse-tick' });
    log.info('quiet');
    log.warn({ prompts: 3 }, 'tick done');
    const lines = out.lines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'warn', name: 'planpulse-tick', prompts: 3, msg: 'tick done' });
    expect(Number.isNaN(Date.parse(String(lines[0]!.time)))).toBe(false);
  });

  it('refuses an unknown LOG_LEVEL, naming the variable', () => {
    expect(() => createLogger({ env: { LOG_LEVEL: 'verbose' } })).toThrow(LogLevelError);
    expect(() => createLogger({ env: { LOG_LEVEL: 'verbose' } })).toThrow(/LOG_LEVEL must be one of .*"verbose"/);
  });
});

describe('correlated loggers', () => {
  it('tags every line of a pino logger with the correlation id, and makes one up when none is given', () => {
    const out = capture();
    const log = createLogger({ level: 'info', destination: out.destination });
    correlated(log, 'activity-7').info({ ref: '1.1' }, 'one');
    correlated(log, undefined).warn({}, 'two');
    const [one, two] = out.lines();
    expect(one).toMatchObject({ correlationId: 'activity-7', ref: '1.1', msg: 'one' });
    expect(two!.correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('wraps a sink that has no child loggers', () => {
    const seen: object[] = [];
    const keep = (o: object, _msg?: string) => void seen.push(o);
    const sink = { info: keep, warn: keep, error: keep };
    correlated(sink, 'tick-1').error({ planId: 'p' }, 'failed');
    expect(seen).toEqual([{ correlationId: 'tick-1', planId: 'p' }]);
  });
});
