/**
 * Storage is the only place that knows rows: no file outside src/storage/ loads the Tables SDK
 * or reaches a table (a repository's private tables, or the Store's TableStore). Read with the
 * TypeScript compiler, so `(store as any).outbox.table` or a require() cannot slip past.
 * Tests and benchmarks are exempt: they check and measure what storage writes.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.join(__dirname, '..', '..');
const CHECKED = ['app', 'bot', 'src', 'tools'];
const STORAGE = path.join(ROOT, 'src', 'storage') + path.sep;
const TABLES_SDK = '@azure/data-tables';
/** Properties that are tables: a repository's Table<...> fields and the Store's TableStore. */
const TABLE_TYPE = /^(Table<.*>|TableStore)$/;

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

const checkedFiles = () => CHECKED.flatMap((dir) => sourceFiles(path.join(ROOT, dir))).filter((f) => !f.startsWith(STORAGE));

function compilerOptions(): ts.CompilerOptions {
  const config = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  return { ...ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT).options, noEmit: true };
}

/** Where files outside storage load the Tables SDK or touch a table, as "file:line what". */
export function storageBoundaryViolations(files: string[], extra: Map<string, string> = new Map()): string[] {
  const options = compilerOptions();
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.readFile = (name) => extra.get(path.resolve(name)) ?? readFile(name);
  host.fileExists = (name) => extra.has(path.resolve(name)) || fileExists(name);
  const program = ts.createProgram([...files, ...extra.keys()], options, host);
  const checker = program.getTypeChecker();
  const problems: string[] = [];

  for (const file of [...files, ...extra.keys()]) {
    const source = program.getSourceFile(file);
    if (!source) continue;
    const where = (node: ts.Node) => `${path.relative(ROOT, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const isSdk = (node: ts.Node | undefined) => node !== undefined && ts.isStringLiteralLike(node) && node.text.startsWith(TABLES_SDK);

    const visit = (node: ts.Node): void => {
      if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && isSdk(node.moduleSpecifier)) {
        problems.push(`${where(node)} imports ${TABLES_SDK}`);
      } else if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require')) && isSdk(node.arguments[0])) {
        problems.push(`${where(node)} loads ${TABLES_SDK}`);
      } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && isSdk(node.argument.literal)) {
        problems.push(`${where(node)} names a type of ${TABLES_SDK}`);
      } else if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
        const name = ts.isPropertyAccessExpression(node) ? node.name.text : ts.isStringLiteralLike(node.argumentExpression) ? node.argumentExpression.text : undefined;
        const declared = ts.isPropertyAccessExpression(node) ? checker.getSymbolAtLocation(node.name)?.declarations?.[0] : undefined;
        const inStorage = declared !== undefined && path.resolve(declared.getSourceFile().fileName).startsWith(STORAGE);
        // Typing every property access is slow: only those declared in storage or named like a table.
        const candidate = inStorage || (name !== undefined && /^tables?$/.test(name));
        if (candidate && TABLE_TYPE.test(checker.typeToString(checker.getTypeAtLocation(node)))) {
          problems.push(`${where(node)} touches a table (${node.getText(source)}: ${checker.typeToString(checker.getTypeAtLocation(node))})`);
        } else if (ts.isElementAccessExpression(node) && name === 'table') {
          problems.push(`${where(node)} reaches for a repository's table (${node.getText(source)})`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return problems;
}

describe('storage is the only place that knows rows', () => {
  it('keeps the Tables SDK and every table inside src/storage/', () => {
    expect(storageBoundaryViolations(checkedFiles())).toEqual([]);
  });

  it('notices a file outside storage that imports the Tables SDK or touches a table', () => {
    const offender = path.join(ROOT, 'src', 'reporting', 'offender.ts');
    const text = [
      "import { TableClient } from '@azure/data-tables';",
      "import type { Store } from '../storage/store';",
      'export async function offend(store: Store) {',
      "  await store.tables.table('Outbox').clearPartition('p1');",
      "  return [TableClient, (store.outbox as unknown as Record<string, unknown>)['table'], require('@azure/data-tables')];",
      '}',
    ].join('\n');
    const found = storageBoundaryViolations([], new Map([[offender, text]]));
    expect(found).toEqual([
      'src/reporting/offender.ts:1 imports @azure/data-tables',
      expect.stringMatching(/^src\/reporting\/offender\.ts:4 touches a table \(store\.tables: TableStore\)$/),
      expect.stringMatching(/^src\/reporting\/offender\.ts:5 reaches for a repository's table/),
      'src/reporting/offender.ts:5 loads @azure/data-tables',
    ]);
  });
});

/**
 * What each layer may not import, by resolved path (so `../app` from bot/handlers/, which is
 * bot/app.ts, is told apart from the app/ folder) and by package name.
 */
const TEAMS_PACKAGE = /^(botbuilder|botframework-|@microsoft\/teams-ai)/;
interface LayerRule {
  layer: string;
  /** Folders (relative to the root) it may not reach into. */
  folders: string[];
  packages: RegExp[];
}
const LAYER_RULES: LayerRule[] = [
  { layer: 'src/storage', folders: ['app', 'bot', 'tools', 'test', 'bench'], packages: [TEAMS_PACKAGE] },
  { layer: 'src', folders: ['app', 'bot', 'tools', 'test', 'bench'], packages: [TEAMS_PACKAGE, /^@azure\/data-tables/] },
  { layer: 'bot/proactive', folders: ['app', 'tools', 'test', 'bench', 'bot/app.ts', 'bot/adapter.ts', 'bot/handlers'], packages: [/^@microsoft\/teams-ai/, /^@azure\/data-tables/] },
  { layer: 'bot', folders: ['app', 'tools', 'test', 'bench'], packages: [/^@azure\/data-tables/] },
  { layer: 'app', folders: ['tools', 'test', 'bench'], packages: [/^@azure\/data-tables/] },
  { layer: 'tools', folders: ['app', 'bot', 'test', 'bench'], packages: [/^@azure\/data-tables/] },
];

const relativeToRoot = (file: string) => path.relative(ROOT, path.resolve(file)).split(path.sep).join('/');
const within = (rel: string, folder: string) => rel === folder || rel.startsWith(`${folder}/`) || rel.replace(/\.ts$/, '') === folder.replace(/\.ts$/, '');

/** Every module a file names: imports, exports, `import type`, require() and import(). */
function specifiersOf(source: ts.SourceFile): { spec: string; line: number }[] {
  const found: { spec: string; line: number }[] = [];
  const add = (node: ts.Node, literal: ts.Node | undefined) => {
    if (literal && ts.isStringLiteralLike(literal)) found.push({ spec: literal.text, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1 });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node, node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) add(node, node.moduleReference.expression);
    else if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) add(node, node.arguments[0]);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node, node.argument.literal);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Imports that cross a layer's boundary, as "file:line imports what". */
export function layerViolations(files: Map<string, string>): string[] {
  const problems: string[] = [];
  for (const [file, text] of files) {
    const rel = relativeToRoot(file);
    const rule = LAYER_RULES.find((r) => within(rel, r.layer));
    if (!rule) continue;
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
    for (const { spec, line } of specifiersOf(source)) {
      if (spec.startsWith('.')) {
        const target = relativeToRoot(path.resolve(path.dirname(file), spec));
        const folder = rule.folders.find((f) => within(target, f));
        if (folder) problems.push(`${rel}:${line} imports ${target} (${rule.layer}/ may not import ${folder})`);
      } else if (rule.packages.some((p) => p.test(spec))) {
        problems.push(`${rel}:${line} imports ${spec} (${rule.layer}/ may not)`);
      }
    }
  }
  return problems;
}

describe('each layer imports only what it may', () => {
  it('keeps src/ free of the Teams layer, the composition roots and the tooling, and bot/ free of app/ and tools/', () => {
    const files = new Map(checkedFiles().concat(sourceFiles(STORAGE)).map((f) => [f, fs.readFileSync(f, 'utf8')]));
    expect(layerViolations(files)).toEqual([]);
  });

  it('notices a service that reaches for the Teams layer and a handler that reaches for the runtime', () => {
    const offenders = new Map([
      [path.join(ROOT, 'src', 'updates', 'offender.ts'), "import { TurnContext } from 'botbuilder';\nimport { createBotApp } from '../../bot/app';\nexport const x = require('../../tools/packaging/png');"],
      [path.join(ROOT, 'bot', 'handlers', 'offender.ts'), "import { startPlanPulse } from '../../app/runtime';\nimport { createBotApp } from '../app';"],
      [path.join(ROOT, 'bot', 'proactive', 'offender.ts'), "import type { Application } from '@microsoft/teams-ai';"],
    ]);
    expect(layerViolations(offenders)).toEqual([
      'src/updates/offender.ts:1 imports botbuilder (src/ may not)',
      'src/updates/offender.ts:2 imports bot/app (src/ may not import bot)',
      'src/updates/offender.ts:3 imports tools/packaging/png (src/ may not import tools)',
      'bot/handlers/offender.ts:1 imports app/runtime (bot/ may not import app)',
      'bot/proactive/offender.ts:1 imports @microsoft/teams-ai (bot/proactive/ may not)',
    ]);
  });
});

/**
 * The README's "Project layout" table names every folder at the top and in src/ (a row may
 * name several, as `infra/`, `docs/`), and only folders that exist.
 */
function layoutTableFolders(readme: string): string[] {
  const section = readme.split(/^## Project layout\s*$/m)[1]?.split(/^## /m)[0];
  if (section === undefined) throw new Error('README.md has no "## Project layout" section');
  const rows = section.split('\n').filter((line) => line.startsWith('| `'));
  return rows.flatMap((row) => [...(row.split('|')[1] ?? '').matchAll(/`([^`]+)\/`/g)].map((m) => m[1]!));
}

function foldersIn(dir: string): string[] {
  const ignored = new Set(['node_modules', 'dist', 'coverage', 'build', 'test-output']);
  return fs
    .readdirSync(path.join(ROOT, dir), { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && !ignored.has(e.name))
    .map((e) => (dir ? `${dir}/${e.name}` : e.name))
    .filter((f) => {
      // A folder git does not know (an empty one, or a local run's output) is not part of the layout.
      const tracked = fs.readdirSync(path.join(ROOT, f), { recursive: true, withFileTypes: true }).some((e) => e.isFile());
      return tracked;
    })
    .sort();
}

describe("the README's layout table", () => {
  const named = layoutTableFolders(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'));

  it('names every folder at the top and in src/', () => {
    const missing = [...foldersIn(''), ...foldersIn('src')].filter((f) => !named.includes(f));
    expect(missing).toEqual([]);
  });

  it('names only folders that exist', () => {
    expect(named.filter((f) => !fs.existsSync(path.join(ROOT, f)) || !fs.statSync(path.join(ROOT, f)).isDirectory())).toEqual([]);
  });
});

describe('the read cache', () => {
  it('is read and forgotten only in src/storage/cachedReads.ts, so whether a read is cached is decided in one place', () => {
    const home = path.join(ROOT, 'src', 'storage', 'cachedReads.ts');
    const uses = checkedFiles()
      .filter((file) => file !== home)
      .flatMap((file) =>
        fs
          .readFileSync(file, 'utf8')
          .split('\n')
          .flatMap((line, i) => (/\bcache\s*\.\s*(get|set|delete)\s*\(/.test(line) ? [`${path.relative(ROOT, file)}:${i + 1}`] : [])),
      );
    expect(uses).toEqual([]);
  });
});
