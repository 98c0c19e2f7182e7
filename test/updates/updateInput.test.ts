import { validateUpdateInput, rawUpdateSchema } from '../../src/updates/updateInput';

const valid = {
  ref: '2.4',
  brag: 'amber',
  narrative: 'Draft protocol agreed with the ICB; sign-off expected next month.',
  evidence: 'minutes,data',
  escalate: 'false',
  submissionId: 'sub-1',
};

const check = (over: Record<string, unknown>) => validateUpdateInput(rawUpdateSchema.parse({ ...valid, ...over }), '2026-11-27');

describe('update form rules', () => {
  it('accepts a complete update with evidence as a comma-joined string or a list', () => {
    const a = check({});
    const b = check({ evidence: ['minutes', 'data'], escalate: false });
    expect(a).toEqual(b);
    expect(a.ok && a.value.evidence).toEqual(['minutes', 'data']);
  });

  it('names the field and the problem for an unknown rating', () => {
    const r = check({ brag: 'purple' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.brag).toMatch(/"purple" is not a BRAG rating/);
  });

  it('asks for at least 20 characters of narrative and at most 2,000', () => {
    const short = check({ narrative: 'Too short' });
    expect(!short.ok && short.errors.narrative).toMatch(/9 characters long; write at least 20/);
    const long = check({ narrative: 'x'.repeat(2001) });
    expect(!long.ok && long.errors.narrative).toMatch(/2001 characters long; keep it to 2,000 at most/);
  });

  it('refuses a revised completion date that is not in the future', () => {
    const today = check({ revisedDue: '2026-11-27' });
    expect(!today.ok && today.errors.revisedDue).toMatch(/must be in the future/);
    const bad = check({ revisedDue: '2026-13-01' });
    expect(!bad.ok && bad.errors.revisedDue).toMatch(/is not a date/);
    expect(check({ revisedDue: '2026-12-31' }).ok).toBe(true);
  });

  it('refuses unknown evidence sources by name', () => {
    const r = check({ evidence: 'minutes,gossip' });
    expect(!r.ok && r.errors.evidence).toMatch(/"gossip"/);
  });

  it('reports every problem at once', () => {
    const r = check({ brag: '', narrative: '', revisedDue: '2020-01-01' });
    expect(!r.ok && Object.keys(r.errors).sort()).toEqual(['brag', 'narrative', 'revisedDue']);
  });
});
