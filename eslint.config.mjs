/**
 * The design's boundaries as lint rules (see docs/architecture.md):
 * - src/ is plain TypeScript: no Bot Framework or teams-ai package and nothing from bot/, app/ or tools/;
 * - bot/ is the Teams layer: it never reaches up into the composition roots (app/) or the tooling (tools/);
 * - only src/storage/ talks to the Tables SDK;
 * - bot/proactive/ sends without the teams-ai application, so a tick never loads it.
 * test/architecture/boundaries.test.ts checks the same layers on resolved paths.
 * Formatting is Prettier's business (.prettierrc.json), not lint's.
 */
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const TEAMS_PACKAGES = '^(botbuilder|botframework-|@microsoft.teams-ai)';
const TEAMS_PATTERNS = [
  { regex: TEAMS_PACKAGES, message: 'src/ is plain TypeScript: the Bot Framework and teams-ai stay in bot/, behind the Transport seam.' },
  { regex: '^(\\.\\./)+(bot|app|tools)(/|$)', message: 'src/ may not import the Teams layer (bot/), the composition roots (app/) or the tooling (tools/).' },
];
const PARENT_LAYER = '^(\\.\\..)+(bot|app|tools).';
/** From a file `depth` folders below the top, the composition roots and the tooling (bot/app.ts is no folder of either). */
const rootsFrom = (depth) => ({
  regex: `^(\\.\\./){${depth}}(app|tools)(/|$)`,
  message: 'bot/ is the Teams layer: the composition roots (app/) use it, never the other way round; tooling (tools/) is not part of it.',
});
const TABLES_SDK = { name: '@azure/data-tables', message: 'Only src/storage/ talks to the Tables SDK; use a repository of the Store.' };

/**
 * `require(...)` and `import(...)` of a module matching `regex`, which no-restricted-imports does
 * not see. Selector regexes cannot hold a slash: `.` stands for it.
 */
const loading = (regex, message) => [
  { selector: `CallExpression[callee.name='require'][arguments.0.value=/${regex}/]`, message },
  { selector: `ImportExpression[source.value=/${regex}/]`, message },
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'test-output/', '.data/', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    // A disable comment must name a rule that would fire: none outlives its reason.
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/storage/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [TABLES_SDK], patterns: TEAMS_PATTERNS }],
      'no-restricted-syntax': [
        'error',
        ...loading(TEAMS_PACKAGES, TEAMS_PATTERNS[0].message),
        ...loading(PARENT_LAYER, TEAMS_PATTERNS[1].message),
        ...loading('^@azure.data-tables$', TABLES_SDK.message),
      ],
    },
  },
  {
    files: ['src/storage/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: TEAMS_PATTERNS }],
      'no-restricted-syntax': ['error', ...loading(TEAMS_PACKAGES, TEAMS_PATTERNS[0].message), ...loading(PARENT_LAYER, TEAMS_PATTERNS[1].message)],
    },
  },
  {
    files: ['bot/**/*.ts', 'app/**/*.ts', 'tools/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [TABLES_SDK] }],
      'no-restricted-syntax': ['error', ...loading('^@azure.data-tables$', TABLES_SDK.message)],
    },
  },
  {
    files: ['bot/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [TABLES_SDK], patterns: [rootsFrom(1)] }] },
  },
  {
    files: ['bot/*/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [TABLES_SDK], patterns: [rootsFrom(2)] }] },
  },
  {
    files: ['bot/proactive/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [TABLES_SDK, { name: '@microsoft/teams-ai', message: 'A process that only sends (planpulse tick) must not load teams-ai.' }],
          patterns: [
            { regex: '^\\.\\./(adapter|app)$', message: 'A process that only sends must not load the teams-ai adapter or application.' },
            rootsFrom(2),
          ],
        },
      ],
    },
  },
);
