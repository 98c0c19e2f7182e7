/** renderCard's safety net: a broken template or incomplete data never reaches a user. */
import { CardError, CardTooLargeError, renderCard, renderFitting, renderTemplate, validateCard } from '../../src/cards/render';
import { messageView, type MessageView } from '../../src/cards';

const card = (body: unknown[], actions: unknown[] = [], version = '1.5') => ({ type: 'AdaptiveCard', version, body, actions });

describe('validateCard', () => {
  it('accepts a plain valid card', () => {
    expect(validateCard(card([{ type: 'TextBlock', text: 'Hello' }], [{ type: 'Action.Execute', title: 'Go', verb: 'actions.list', data: {} }]))).toEqual([]);
  });

  it('rejects an element of an unknown type', () => {
    expect(validateCard(card([{ type: 'TextBlok', text: 'Hello' }])).join(' ')).toMatch(/Unknown element type "TextBlok"/);
  });

  it("accepts Teams' native charts with a fallback for other clients, and refuses one without", () => {
    const donut = { type: 'Chart.Donut', title: 'BRAG', data: [{ legend: 'Amber', value: 3, color: 'warning' }] };
    expect(validateCard(card([{ ...donut, fallback: { type: 'TextBlock', text: 'Amber 3' } }]))).toEqual([]);
    expect(validateCard(card([donut])).join(' ')).toMatch(/body\[0\] is a Chart\.Donut without a fallback element/);
    expect(validateCard(card([{ type: 'Chart.Bubble', fallback: { type: 'TextBlock', text: 'x' } }])).join(' ')).toMatch(/Unknown element type "Chart\.Bubble"/);
  });

  it('rejects an input without an id, and two inputs with one id', () => {
    expect(validateCard(card([{ type: 'Input.Text', label: 'Note' }])).join(' ')).toMatch(/must have a unique Id/);
    expect(validateCard(card([{ type: 'Input.Text', id: 'note' }, { type: 'Input.Text', id: 'note' }])).join(' ')).toMatch(/Duplicate Id "note"/);
  });

  it('rejects an unknown action type and an Action.Execute without a verb', () => {
    expect(validateCard(card([], [{ type: 'Action.Exec', title: 'Go' }])).join(' ')).toMatch(/Unknown action type/);
    expect(validateCard(card([], [{ type: 'Action.Execute', title: 'Go', data: {} }])).join(' ')).toMatch(/Action\.Execute without a verb/);
    expect(
      validateCard(card([{ type: 'ActionSet', actions: [{ type: 'Action.Execute', title: 'Go', verb: '' }] }])).join(' '),
    ).toMatch(/body\[0\]\.actions\[0\] is an Action\.Execute without a verb/);
  });

  it('rejects a colour, a column width or a choice set that Teams would not render', () => {
    expect(validateCard(card([{ type: 'TextBlock', text: 'x', color: 'Amber' }])).join(' ')).toMatch(/Invalid value "Amber" for property "color"/);
    expect(validateCard(card([{ type: 'ColumnSet', columns: [{ type: 'Column', width: 'wide', items: [] }] }])).join(' ')).toMatch(/Invalid column width/);
    expect(validateCard(card([{ type: 'Input.ChoiceSet', id: 'brag', choices: [] }])).join(' ')).toMatch(/at least one choice/);
  });

  it('rejects a card version Teams does not render', () => {
    expect(validateCard(card([], [], '1.6')).join(' ')).toMatch(/versions 1\.0 to 1\.5/);
    expect(validateCard({ type: 'AdaptiveCard', body: [] }).join(' ')).toMatch(/version is undefined/);
  });

  it('still catches a problem that only the text brings once a card of the same shape has passed', () => {
    const choices = (title: string) => card([{ type: 'Input.ChoiceSet', id: 'pick', choices: [{ title, value: 'a' }] }]);
    expect(validateCard(choices('First'))).toEqual([]);
    expect(validateCard(choices('Second'))).toEqual([]);
    expect(validateCard(choices('')).join(' ')).toMatch(/must have their title and value properties set/);
    const unbound = card([{ type: 'TextBlock', text: 'Due ${due}' }]);
    expect(validateCard(card([{ type: 'TextBlock', text: 'Due Friday' }]))).toEqual([]);
    expect(validateCard(unbound).join(' ')).toMatch(/unbound template expression/);
  });

  it('rejects a template expression that was left unbound', () => {
    expect(validateCard(card([{ type: 'TextBlock', text: 'Due ${due}' }])).join(' ')).toMatch(/body\[0\]\.text holds an unbound template expression: "Due \$\{due\}"/);
  });
});

describe('renderCard', () => {
  it('refuses to render a template whose data lacks a field it binds, naming the card', () => {
    expect(() => renderTemplate('message', { title: 'Hello', facts: [], buttons: [] })).toThrow(CardError);
    expect(() => renderTemplate('message', { title: 'Hello', facts: [], buttons: [] })).toThrow(/The message card is not valid: .*unbound template expression/);
  });

  it('refuses a template that does not exist', () => {
    expect(() => renderTemplate('noSuchCard', {})).toThrow(/There is no card template named noSuchCard/);
  });

  it('keeps text that looks like a template expression when it comes from the data', () => {
    const rendered = renderCard('message', messageView({ title: 'Quick update', text: 'The form field said ${narrative} instead of the text.' }));
    expect(JSON.stringify(rendered)).toContain('The form field said ${narrative} instead of the text.');
  });

  it('refuses a card over the size limit', () => {
    const facts = Array.from({ length: 400 }, (_, i) => ({ title: `Action ${i}`, value: 'x'.repeat(100) }));
    expect(() => renderCard('message', messageView({ title: 'Too long', text: 'Many facts', facts }))).toThrow(/over the 40960-byte limit; page or summarise it/);
  });

  it('binds the same template to different data one after another', () => {
    const first = renderCard('message', messageView({ title: 'First', text: 'one' }));
    const second = renderCard('message', messageView({ title: 'Second', text: 'two', style: 'good' }));
    expect(JSON.stringify(first)).toContain('"First"');
    expect(JSON.stringify(first)).not.toContain('Second');
    expect(JSON.stringify(second)).toContain('"style":"good"');
  });
});

describe('renderFitting', () => {
  const facts = (n: number) => Array.from({ length: n }, (_, i) => ({ title: `Action ${i}`, value: 'x'.repeat(200) }));

  it('shortens the lists until the card fits', () => {
    const tried: number[] = [];
    const rendered = renderFitting('message', (max) => {
      tried.push(max);
      return messageView({ title: 'Summary', text: 'Long', facts: facts(Math.min(max, 300)) });
    }, [1000, 300, 100]);
    expect(tried).toEqual([1000, 300, 100]);
    expect(JSON.stringify(rendered)).toContain('Action 99');
    expect(JSON.stringify(rendered)).not.toContain('Action 100');
  });

  it('says how large the card still is when nothing fits', () => {
    expect(() => renderFitting('message', () => messageView({ title: 'x', text: 'y', facts: facts(400) }), [5])).toThrow(CardTooLargeError);
  });

  it('does not hide a broken template behind shortening', () => {
    const tried: number[] = [];
    expect(() => renderFitting('message', (max) => (tried.push(max), { title: 'x' } as unknown as MessageView))).toThrow(/unbound template expression/);
    expect(tried).toEqual([8]);
  });
});
