/**
 * The send window: proactive messages go only within PLANPULSE_SEND_HOURS on working days in the
 * plan's time zone; what falls due outside waits for the next window, catch-up included.
 */
import { inSendWindow, nextSendWindow, parseSendHours } from '../../src/calendar';
import { delivered, sectionHeadings, startHarness, type Harness } from './harness';

jest.setTimeout(120_000);

const LONDON = 'Europe/London';
const hours = parseSendHours('09:00-17:30')!;

describe('the send window', () => {
  it('is open from 09:00 to 17:30 on working days, plan time, daylight saving included', () => {
    expect(inSendWindow(new Date('2024-01-09T09:00:00Z'), hours, LONDON)).toBe(true); // Tuesday, GMT
    expect(inSendWindow(new Date('2024-07-09T08:00:00Z'), hours, LONDON)).toBe(true); // 09:00 BST
    expect(inSendWindow(new Date('2024-07-09T07:59:00Z'), hours, LONDON)).toBe(false); // 08:59 BST
    expect(inSendWindow(new Date('2024-01-09T17:29:00Z'), hours, LONDON)).toBe(true);
    expect(inSendWindow(new Date('2024-01-09T17:30:00Z'), hours, LONDON)).toBe(false);
    expect(inSendWindow(new Date('2024-01-13T11:00:00Z'), hours, LONDON)).toBe(false); // Saturday
    expect(inSendWindow(new Date('2023-12-26T11:00:00Z'), hours, LONDON)).toBe(false); // Boxing Day
  });

  it('next opens on the next working morning, across a weekend and a bank holiday', () => {
    // Thursday 28 March 2024 at 21:00 GMT: Good Friday, the weekend and Easter Monday pass; Tuesday 2 April opens at 09:00 BST.
    expect(nextSendWindow(new Date('2024-03-28T21:00:00Z'), hours, LONDON).toISOString()).toBe('2024-04-02T08:00:00.000Z');
    expect(nextSendWindow(new Date('2024-01-09T06:00:00Z'), hours, LONDON).toISOString()).toBe('2024-01-09T09:00:00.000Z');
    const open = new Date('2024-01-09T10:15:00Z');
    expect(nextSendWindow(open, hours, LONDON)).toBe(open);
    expect(nextSendWindow(new Date('2024-01-09T10:15:00Z'), parseSendHours('10:30-12:00')!, LONDON).toISOString()).toBe('2024-01-09T10:30:00.000Z');
  });

  it('refuses a window that is not one', () => {
    expect(parseSendHours('17:30-09:00')).toBeUndefined();
    expect(parseSendHours('9-5')).toBeUndefined();
    expect(parseSendHours('09:00-25:00')).toBeUndefined();
    expect(parseSendHours('08:15-18:45')).toEqual({ from: 8 * 60 + 15, to: 18 * 60 + 45 });
  });
});

describe('a tick outside the send window', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h?.close());

  it('sends nothing at 21:33 on a Tuesday, and the first tick of the next window catches up', async () => {
    // Governance's cycle opened at 09:00 on Tuesday 26 September 2023; the scheduler first starts that evening.
    const evening = await h.tick('2023-09-26T20:33:00Z');
    expect(evening).toMatchObject({ window: 'closed', nextWindow: '2023-09-27T08:00:00.000Z', sent: 0, prompts: 0, cyclesOpened: 0 });
    expect(delivered(h.connector)).toHaveLength(0);

    const morning = await h.tick('2023-09-27T08:00:00Z');
    expect(morning.window).toBe('open');
    expect(morning.sent).toBeGreaterThan(0);
    const headings = delivered(h.connector).flatMap((r) => sectionHeadings(r.activity));
    expect(headings.some((t) => /time for your update$/.test(t))).toBe(true);
  });

  it('sends nothing at 21:00 or on a Saturday; Monday morning sends what fell due', async () => {
    // Governance's cycle opened on Tuesday 26 September; the scheduler first runs on Friday evening.
    expect(await h.tick('2023-09-29T20:00:00Z')).toMatchObject({ window: 'closed', sent: 0 }); // Friday 21:00 BST
    expect(await h.tick('2023-09-30T10:00:00Z')).toMatchObject({ window: 'closed', sent: 0, nextWindow: '2023-10-02T08:00:00.000Z' }); // Saturday
    expect(await h.tick('2023-10-01T12:00:00Z')).toMatchObject({ window: 'closed', sent: 0 }); // Sunday
    expect(delivered(h.connector)).toHaveLength(0);

    const monday = await h.tick('2023-10-02T08:00:00Z');
    expect(monday.window).toBe('open');
    expect(monday.cyclesOpened).toBeGreaterThan(0);
    expect(monday.sent).toBe(delivered(h.connector).length);
    expect(monday.sent).toBeGreaterThan(0);
  });

  it('keeps to the configured hours', async () => {
    const at = '2023-09-26T08:30:00Z'; // 09:30 BST
    expect(await h.tick(at, { config: { PLAN_TIMEZONE: LONDON, PLANPULSE_SEND_RATE: 50, PLANPULSE_SEND_HOURS: parseSendHours('10:00-16:00')! } })).toMatchObject({
      window: 'closed',
      nextWindow: '2023-09-26T09:00:00.000Z',
      sent: 0,
    });
    expect((await h.tick(at)).sent).toBeGreaterThan(0);
  });
});
