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

  it('does not take a ref followed by a word that is not a rating as an update, and says which word', () => {
    expect(parseCommand('2.4 purple nearly there')).toEqual({ kind: 'notRecorded', ref: '2.4', word: 'purple' });
    expect(parseCommand('2.4 yellow: waiting')).toEqual({ kind: 'notRecorded', ref: '2.4', word: 'yellow' });
  });

  it('reads a colon, comma or full stop after the ref', () => {
    expect(parseCommand('1.1: amber waiting for the ICB')).toEqual({ kind: 'quickUpdate', ref: '1.1', brag: 'amber', text: 'waiting for the ICB' });
    expect(parseCommand('1.1, Red no progress')).toMatchObject({ kind: 'quickUpdate', ref: '1.1', brag: 'red' });
  });

  it('reads several lines as one quick update each, a line without a ref as more of the one before', () => {
    expect(parseCommand('1.1 amber waiting for the ICB\r\n1.2 green done\nand signed off\n2.4 yellow nearly')).toEqual({
      kind: 'quickUpdates',
      lines: [
        { ref: '1.1', brag: 'amber', text: 'waiting for the ICB' },
        { ref: '1.2', brag: 'green', text: 'done and signed off' },
        { ref: '2.4', word: 'yellow' },
      ],
    });
    expect(parseCommand('<p>1.1 amber waiting</p><p>1.2 red stuck</p>')).toMatchObject({ kind: 'quickUpdates', lines: [{ ref: '1.1' }, { ref: '1.2' }] });
  });

  it('reads one update written over two lines as one', () => {
    expect(parseCommand('1.1 amber waiting for the ICB\nto sign off the framework')).toEqual({
      kind: 'quickUpdate',
      ref: '1.1',
      brag: 'amber',
      text: 'waiting for the ICB to sign off the framework',
    });
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
