/**
 * What the browser tests measure, kept from coming back in any template: text is never
 * coloured. Teams' own light theme draws Good text at 2.07:1 and Warning at 1.47:1 on white, its
 * dark theme Attention at 3.2:1 (test/browser/hostConfigs/README.md); a rating or a judgement is
 * a word in the default colour inside or beside a patch of colour (a styled container).
 */
import fs from 'node:fs';
import path from 'node:path';
import { cardsFolder } from '../../src/cards/render';

function textColours(value: unknown, where: string, found: string[]): void {
  if (Array.isArray(value)) value.forEach((v, i) => textColours(v, `${where}[${i}]`, found));
  else if (typeof value === 'object' && value !== null) {
    const node = value as Record<string, unknown>;
    if ((node.type === 'TextBlock' || node.type === 'TextRun') && node.color !== undefined && node.color !== 'Default') {
      found.push(`${where}: ${String(node.text).slice(0, 50)} is coloured ${String(node.color)}`);
    }
    for (const [key, v] of Object.entries(node)) textColours(v, `${where}.${key}`, found);
  }
}

describe('card templates', () => {
  const templates = fs.readdirSync(cardsFolder()).filter((f) => f.endsWith('.json'));

  it('are all checked', () => {
    expect(templates.length).toBeGreaterThanOrEqual(15);
  });

  it.each(templates)('%s colours no text: ratings and judgements are words beside a patch of colour', (file) => {
    const found: string[] = [];
    textColours(JSON.parse(fs.readFileSync(path.join(cardsFolder(), file), 'utf8')), file, found);
    expect(found).toEqual([]);
  });
});
