import { ConfigError, loadConfig } from '../../src/config/config';

describe('configuration', () => {
  it('runs with no configuration at all, on the embedded defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3978, PLAN_TIMEZONE: 'Europe/London', PLANPULSE_SEND_RATE: 25, PLANPULSE_SCHEDULER: 'on' });
    expect(config.STORAGE_CONNECTION_STRING).toBeUndefined();
    expect(config.MicrosoftAppId).toBeUndefined();
  });

  it('names every bad variable and what it accepts, all at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', PLANPULSE_SEND_RATE: '80', PLAN_TIMEZONE: 'Mars/Olympus', PLANPULSE_SCHEDULER: 'sometimes' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('PORT must be a whole number from 0 to 65535 (got "eighty")');
    expect(message).toContain('PLANPULSE_SEND_RATE must be a whole number of messages per second from 1 to 50');
    expect(message).toContain('PLAN_TIMEZONE must be an IANA time zone such as Europe/London (got "Mars/Olympus")');
    expect(message).toContain('PLANPULSE_SCHEDULER must be on or off');
  });

  it('never repeats a secret in its message', () => {
    expect(() => loadConfig({ STORAGE_CONNECTION_STRING: 'AccountKey=very-secret-key' })).toThrow(ConfigError);
    try {
      loadConfig({ STORAGE_CONNECTION_STRING: 'AccountKey=very-secret-key' });
    } catch (err) {
      expect((err as Error).message).not.toContain('very-secret-key');
    }
  });

  it('asks for the password when an app id is set', () => {
    expect(() => loadConfig({ MicrosoftAppId: '00000000-0000-4000-8000-000000000001' })).toThrow(/MicrosoftAppPassword must be set/);
  });

  it('reads the send hours as a window, 09:00-17:30 unless set, and refuses one that is not', () => {
    expect(loadConfig({}).PLANPULSE_SEND_HOURS).toEqual({ from: 9 * 60, to: 17 * 60 + 30 });
    expect(loadConfig({ PLANPULSE_SEND_HOURS: '08:30-18:00' }).PLANPULSE_SEND_HOURS).toEqual({ from: 8 * 60 + 30, to: 18 * 60 });
    expect(() => loadConfig({ PLANPULSE_SEND_HOURS: '18:00-08:30' })).toThrow(
      'PLANPULSE_SEND_HOURS must be a window such as 09:00-17:30 (24-hour clock, opening before it closes) (got "18:00-08:30")',
    );
  });

  it('accepts the scheduler switch in any case', () => {
    expect(loadConfig({ PLANPULSE_SCHEDULER: 'OFF' }).PLANPULSE_SCHEDULER).toBe('off');
  });
});
