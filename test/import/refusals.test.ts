import fs from 'node:fs';
import path from 'node:path';
import { fixedClock } from '../../src/domain/clock';
import { importPlan } from '../../src/import';
import { byRef, editFile, editRows, FIXTURE, refusalRig, snapshot } from './helpers';

const clock = fixedClock('2023-10-02T09:00:00Z');
const rig = refusalRig(clock);
const refused = rig.refused;

describe('an import that is refused leaves the stored plan exactly as it was', () => {
  it('refuses a missing required column', async () => {
    const problems = await refused((d) => editRows(d, 'actions.csv', () => undefined, (cols) => cols.filter((c) => c !== 'due')));
    expect(problems).toEqual([expect.stringMatching(/^actions\.csv:1: due: the required column is missing/)]);
  });

  it('refuses duplicate refs, naming both rows', async () => {
    const problems = await refused((d) => editRows(d, 'actions.csv', (rows) => void (byRef(rows, '1.2').ref = '1.1')));
    expect(problems).toEqual(['actions.csv:3: ref: "1.1" is used twice (also at actions.csv:2); refs must be unique.']);
  });

  it('refuses a blank ref', async () => {
    const problems = await refused((d) => editRows(d, 'actions.csv', (rows) => void (byRef(rows, '1.3').ref = '  ')));
    expect(problems).toEqual(['actions.csv:4: ref: is blank; every action needs a ref such as 2.4.']);
  });

  it('refuses a lead missing from people.csv', async () => {
    const problems = await refused((d) =>
      editRows(d, 'actions.csv', (rows) => void (byRef(rows, '1.1').leads = 'CEX PCC (TL) | Chief Nobody (ZZ)')),
    );
    expect(problems).toEqual([
      'actions.csv:2: leads: "Chief Nobody (ZZ)" is not a lead in people.csv; add a row mapping it to an email.',
    ]);
  });

  it('refuses a group missing from groups.csv', async () => {
    const problems = await refused((d) => editRows(d, 'actions.csv', (rows) => void (byRef(rows, '3.1').group = 'Exclusion')));
    expect(problems).toEqual(['actions.csv:22: group: "Exclusion" is not a group in groups.csv.']);
  });

  it('refuses impossible and unreadable dates', async () => {
    const problems = await refused((d) =>
      editRows(d, 'actions.csv', (rows) => {
        byRef(rows, '1.1').due = '2023-02-30';
        byRef(rows, '1.2').start = 'soon';
        byRef(rows, '1.3').due = '2023-13';
        byRef(rows, '1.4').due = 'Smarch 2024';
      }),
    );
    expect(problems).toEqual([
      'actions.csv:2: due: "2023-02-30" is not a day in the calendar.',
      'actions.csv:3: start: "soon" is not a date written 31/03/2024, 31 March 2024 or 2024-03-31, or a month written March 2024, Mar-24 or 2024-03.',
      'actions.csv:4: due: "2023-13" has no month 13.',
      'actions.csv:5: due: "Smarch" in "Smarch 2024" is not a month name.',
    ]);
  });

  it('refuses a start after the due date', async () => {
    const problems = await refused((d) => editRows(d, 'actions.csv', (rows) => void (byRef(rows, '1.1').start = '2024-06-03')));
    expect(problems).toEqual(['actions.csv:2: start: 2024-06-03 is after the due date 2023-12-29.']);
  });

  it('refuses an unknown status', async () => {
    const problems = await refused((d) => editRows(d, 'actions.csv', (rows) => void (byRef(rows, '1.1').status = 'purple')));
    expect(problems).toEqual([
      'actions.csv:2: status: "purple" is not a BRAG status; use blue, green, amber, red, or the legend\'s words ("Complete and embedded", "Complete", "Progressing to timescale", "Little or no progress/delayed"), or leave it blank.',
    ]);
  });

  it('refuses a blank due date on an open action but not on a complete one', async () => {
    const problems = await refused((d) =>
      editRows(d, 'actions.csv', (rows) => {
        byRef(rows, '1.1').due = '';
        byRef(rows, '1.2').due = '';
        byRef(rows, '1.2').status = 'blue';
      }),
    );
    expect(problems).toEqual([
      'actions.csv:2: due: is blank on an open action; only a blue or green action may have no completion date.',
    ]);
  });

  it('refuses an empty file and a header-only file', async () => {
    const problems = await refused((d) => {
      fs.writeFileSync(path.join(d, 'people.csv'), '');
      fs.writeFileSync(path.join(d, 'groups.csv'), '\uFEFFgroup,kind,chair,cadence_days,next_meeting\r\n\r\n');
    });
    expect(problems).toEqual([
      'people.csv:1: (file): is empty; it needs a header row and at least one row.',
      'groups.csv:1: (file): has a header but no rows.',
    ]);
  });

  it('refuses bytes that are not UTF-8 text, and binary data', async () => {
    const problems = await refused((d) => {
      const text = fs.readFileSync(path.join(d, 'people.csv'), 'utf8');
      fs.writeFileSync(path.join(d, 'people.csv'), Buffer.from(text.replace('DMO,DMO', 'DMO,D\u00e9MO'), 'latin1'));
      fs.writeFileSync(path.join(d, 'groups.csv'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^people\.csv:\d+: \(file\): is not UTF-8 text \(byte 0x/);
    // Latin-1 turns the dashes of earlier rows into bytes that are not UTF-8 either: the first bad byte is reported.
    expect(problems[1]).toMatch(/^groups\.csv:1: \(file\): is not UTF-8 text \(byte 0x89 at offset 0\)/);
  });

  it('refuses a NUL byte as binary data', async () => {
    const problems = await refused((d) => fs.writeFileSync(path.join(d, 'groups.csv'), 'group,kind\nA\u0000,board\n'));
    expect(problems).toEqual(['groups.csv:2: (file): holds binary data (a NUL byte), not CSV text; save the sheet as "CSV UTF-8".']);
  });

  it('refuses an unterminated quote, naming the line it opens on', async () => {
    const problems = await refused((d) =>
      fs.appendFileSync(path.join(d, 'actions.csv'), '9.6,9,Area,SEND Sufficiency and Provision,"Never closed,Head of SEND (AP),2023-10,2024-01\r\n'),
    );
    expect(problems).toEqual(['actions.csv:78: (file): a quoted cell opened here is never closed; add the closing double quote.']);
  });

  it('refuses a missing file', async () => {
    const problems = await refused((d) => fs.unlinkSync(path.join(d, 'groups.csv')));
    expect(problems).toEqual([
      'groups.csv:0: (file): is missing; the import needs actions.csv, people.csv and groups.csv in the folder.',
    ]);
  });

  it('refuses a source that does not exist', async () => {
    const result = await importPlan(rig.store, path.join(FIXTURE, 'nope'), { timeZone: 'Europe/London', clock });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems[0]).toMatch(/nope:0: \(source\): does not exist/);
    expect(await snapshot(rig.store)).toEqual(rig.before);
  });

  it('refuses a chair who is not in people.csv', async () => {
    const problems = await refused((d) =>
      editRows(d, 'groups.csv', (rows) => void (rows.find((r) => r.group === 'Inclusion')!.chair = 'Head of Nothing (QQ)')),
    );
    expect(problems).toEqual(['groups.csv:4: chair: "Head of Nothing (QQ)" is not a lead or email in people.csv; add them there.']);
  });

  it('refuses a cadence that is not a positive whole number', async () => {
    const problems = await refused((d) =>
      editRows(d, 'groups.csv', (rows) => {
        rows[0]!.cadence_days = '3 weeks';
        rows[1]!.cadence_days = '0';
        rows[2]!.cadence_days = '2.5';
      }),
    );
    expect(problems).toEqual([
      'groups.csv:2: cadence_days: "3 weeks" is not a positive whole number of days (3-weekly is 21).',
      'groups.csv:3: cadence_days: "0" is not a positive whole number of days (3-weekly is 21).',
      'groups.csv:4: cadence_days: "2.5" is not a positive whole number of days (3-weekly is 21).',
    ]);
  });

  it('refuses an unknown group kind', async () => {
    const problems = await refused((d) => editRows(d, 'groups.csv', (rows) => void (rows[0]!.kind = 'committee')));
    expect(problems).toEqual(['groups.csv:2: kind: "committee" is not a group kind; use one of taskAndFinish, board.']);
  });

  it('refuses escalates_to naming an unknown group', async () => {
    const problems = await refused((d) => editRows(d, 'groups.csv', (rows) => void (rows[0]!.escalates_to = 'The Cabinet')));
    expect(problems).toEqual(['groups.csv:2: escalates_to: "The Cabinet" is not a group in groups.csv.']);
  });

  it('refuses escalations that go round in a loop', async () => {
    const problems = await refused((d) =>
      editRows(d, 'groups.csv', (rows) => void (rows[8]!.escalates_to = 'Governance, oversight, culture and workforce')),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^groups\.csv:\d+: escalates_to: escalations would go round in a loop \(.*Local Area SEND Improvement Board → Governance, oversight, culture and workforce/);
  });

  it('refuses an invalid email', async () => {
    const problems = await refused((d) => editRows(d, 'people.csv', (rows) => void (rows[1]!.email = 'dh@')));
    expect(problems).toEqual(['people.csv:3: email: "dh@" is not a valid email address.']);
  });

  it('refuses one lead string mapped to two different emails', async () => {
    const problems = await refused((d) =>
      editRows(d, 'people.csv', (rows) => [...rows, { lead: ' DMO ', name: 'DMO', email: 'someone.else@plymouth.example', admin: '' }]),
    );
    expect(problems).toEqual([
      'people.csv:45: email: the lead "DMO" is mapped to someone.else@plymouth.example here but to dmo@plymouth.example at people.csv:35; one lead string must name one person.',
    ]);
  });

  it('refuses a delegate who is not one of the people', async () => {
    const problems = await refused((d) =>
      editRows(
        d,
        'people.csv',
        (rows) => void (rows[0]!.delegate = 'ghost@plymouth.example'),
        (cols) => [...cols, 'delegate'],
      ),
    );
    expect(problems).toEqual([
      'people.csv:2: delegate: ghost@plymouth.example is not the email of anyone in people.csv; a delegate must be one of the plan\'s people.',
    ]);
  });

  it('reports every problem, not just the first', async () => {
    const problems = await refused((d) => {
      editRows(d, 'actions.csv', (rows) => {
        byRef(rows, '1.1').status = 'purple';
        byRef(rows, '2.1').due = 'never';
        byRef(rows, '9.5').ref = '9.4';
      });
      editRows(d, 'groups.csv', (rows) => void (rows[3]!.kind = 'panel'));
      editFile(d, 'people.csv', (t) => t.replace('tb@plymouth.example', 'tb at plymouth'));
    });
    expect(problems.map((p) => p.split(': ').slice(0, 2).join(': '))).toEqual(expect.arrayContaining([
      'actions.csv:2: status',
      'actions.csv:14: due',
      'actions.csv:77: ref',
      'groups.csv:5: kind',
      'people.csv:17: email',
    ]));
  });
});
