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
const CHECKED = ['app', 'bot', 'src', 'scripts'];
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
