/**
 * Every template in cards/ has a view type the compiler checks (CardViews in
 * src/cards/render.ts), and every name a template binds in a `${...}` is a field of that view:
 * a template cannot bind something its view does not have, which would render as nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { CARD_NAMES, cardsFolder } from '../../src/cards';
import { projectRoot } from '../../src/util/projectRoot';

jest.setTimeout(60_000);

const templateNames = () =>
  fs
    .readdirSync(cardsFolder())
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();

/** Every `${...}` expression in a template, with the JSON path it sits at. */
function expressionsOf(template: unknown): { at: string; expression: string }[] {
  const out: { at: string; expression: string }[] = [];
  const scan = (text: string, at: string) => {
    for (let i = text.indexOf('${'); i >= 0; i = text.indexOf('${', i + 2)) {
      let depth = 0;
      let j = i + 1;
      for (; j < text.length; j++) {
        if (text[j] === '{') depth++;
        else if (text[j] === '}' && --depth === 0) break;
      }
      out.push({ at, expression: text.slice(i + 2, j) });
    }
  };
  const walk = (node: unknown, at: string): void => {
    if (typeof node === 'string') scan(node, at);
    else if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${at}[${i}]`));
    else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, at ? `${at}.${k}` : k);
  };
  walk(template, '');
  return out;
}

/** The names an expression reads: each part of a property path, not functions, literals or $root/$data/$index. */
function namesRead(expression: string): string[] {
  const withoutStrings = expression.replace(/'(?:[^'\\]|\\.)*'/g, "''");
  const names: string[] = [];
  for (const m of withoutStrings.matchAll(/(?<![\w$])\$?[A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*/g)) {
    // A name followed by "(" is a function of the expression language: if, empty, count, string.
    if (withoutStrings.slice(m.index + m[0].length).trimStart().startsWith('(')) continue;
    const parts = m[0].split('.').map((p) => p.trim());
    for (const part of parts) if (!part.startsWith('$') && !['true', 'false', 'null'].includes(part)) names.push(part);
  }
  return names;
}

let fieldsByTemplate: Map<string, Set<string>> | undefined;

/** Every property name reachable from each CardViews entry's type, by template name (read once: a program takes seconds). */
function viewFieldNames(): Map<string, Set<string>> {
  return (fieldsByTemplate ??= readViewFieldNames());
}

function readViewFieldNames(): Map<string, Set<string>> {
  const renderFile = path.join(projectRoot(), 'src', 'cards', 'render.ts');
  const config = ts.readConfigFile(path.join(projectRoot(), 'tsconfig.json'), ts.sys.readFile);
  const options = ts.parseJsonConfigFileContent(config.config, ts.sys, projectRoot()).options;
  const program = ts.createProgram([renderFile], { ...options, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(renderFile)!;
  let cardViews: ts.Type | undefined;
  ts.forEachChild(source, (node) => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === 'CardViews') cardViews = checker.getTypeAtLocation(node);
  });
  if (!cardViews) throw new Error('src/cards/render.ts declares no CardViews interface.');

  const collect = (type: ts.Type, into: Set<string>, seen: Set<ts.Type>): void => {
    if (seen.has(type)) return;
    seen.add(type);
    if (type.isUnionOrIntersection()) return type.types.forEach((t) => collect(t, into, seen));
    if (checker.isArrayType(type)) return collect(checker.getTypeArguments(type as ts.TypeReference)[0]!, into, seen);
    for (const prop of checker.getPropertiesOfType(type)) {
      into.add(prop.name);
      collect(checker.getTypeOfSymbolAtLocation(prop, source), into, seen);
    }
  };
  const byName = new Map<string, Set<string>>();
  for (const prop of checker.getPropertiesOfType(cardViews)) {
    const fields = new Set<string>();
    collect(checker.getTypeOfSymbolAtLocation(prop, source), fields, new Set());
    byName.set(prop.name, fields);
  }
  return byName;
}

describe('card templates and their views', () => {
  it('names every template in cards/ in CardViews, and nothing that is not a template', () => {
    expect([...CARD_NAMES].sort()).toEqual(templateNames());
  });

  it('binds in each template only fields its view type has', () => {
    const views = viewFieldNames();
    expect([...views.keys()].sort()).toEqual(templateNames());
    const unknown: string[] = [];
    for (const name of templateNames()) {
      const template = JSON.parse(fs.readFileSync(path.join(cardsFolder(), `${name}.json`), 'utf8'));
      const fields = views.get(name)!;
      const expressions = expressionsOf(template);
      expect(expressions.length).toBeGreaterThan(0);
      for (const { at, expression } of expressions) {
        for (const read of namesRead(expression)) if (!fields.has(read)) unknown.push(`${name}: ${at} reads "${read}" in \${${expression}}`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it('finds a binding the view lacks (the check can fail)', () => {
    expect(namesRead("if(overdueCount > 0, 'Attention', 'Default')")).toEqual(['overdueCount']);
    expect(namesRead('bars.totalText')).toEqual(['bars', 'totalText']);
    expect(namesRead('!empty($root.lateText)')).toEqual(['lateText']);
    const status = viewFieldNames().get('status')!;
    expect(status.has('asAt')).toBe(true);
    expect(status.has('noSuchField')).toBe(false);
  });
});
