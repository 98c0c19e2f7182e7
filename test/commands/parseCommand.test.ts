import { parseCommand, parseDayText } from '../../src/commands/parseCommand';

describe('chat commands', () => {
  it.each([
    ['help', { kind: 'help' }],
    ['  HELP ', { kind: 'help' }],
    ['My   Actions', { kind: 'myActions' }],
    ['update 2.4', { kind: 'update', ref: '2.4' }],
    ['UPDATE   10.12', { kind: 'update', ref: '10.12' }],
    ['status', { kind: 'status', group: undefined }],
    ['status  Health Wait Lists', { kind: 'status', group: 'Health Wait Lists' }],
    ['digest', { kind: 'digest' }],
    ['<at>Plan Pulse</at> link  Inclusion', { kind: 'link', group: 'Inclusion' }],
  ])('reads %j', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  it('reads a quick update with its rating and text, whatever the case', () => {
    expect(parseCommand('2.4 AMBER waiting for ICB sign-off')).toEqual({
      kind: 'quickUpdate',
      ref: '2.4',
      brag: 'amber',
      text: 'waiting for ICB sign-off',
    });
  });

  it('does not take a ref followed by a word that is not a rating as an update', () => {
    expect(parseCommand('2.4 purple nearly there').kind).toBe('unknown');
  });

  it('reads away until with ISO, UK and written dates, and away off', () => {
    expect(parseCommand('away until 2026-12-04')).toMatchObject({ kind: 'away', until: '2026-12-04' });
    expect(parseCommand('away until 4/12/2026')).toMatchObject({ kind: 'away', until: '2026-12-04' });
    expect(parseCommand('Away until 4th December 2026')).toMatchObject({ kind: 'away', until: '2026-12-04' });
    expect(parseCommand('away off')).toMatchObject({ kind: 'away', cancel: true });
    expect(parseCommand('away until someday')).toMatchObject({ kind: 'away', until: undefined, raw: 'someday' });
  });

  it('refuses impossible dates', () => {
    expect(parseDayText('2026-02-30')).toBeUndefined();
    expect(parseDayText('31/04/2026')).toBeUndefined();
  });

  it('treats anything else as unknown so the bot can offer help', () => {
    expect(parseCommand('what is this?')).toEqual({ kind: 'unknown', text: 'what is this?' });
  });
});
