/**
 * The pure suites: domain rules, parsing, cards, configuration and the architecture checks,
 * with no storage, server or browser. `npm run test:unit` runs them without starting Azurite;
 * `npm test` runs them with everything else. A suite that needs storage fails here with a
 * message saying so (test/support/store.ts), so one listed by mistake cannot pass quietly.
 */
const base = require('./jest.config');

const PURE = [
  'architecture/boundaries',
  'app/quietWarnings',
  'bot/readCache',
  'calendar/calendar',
  'cards/leadCards',
  'cards/render',
  'cards/views',
  'commands/parseCommand',
  'config/config',
  'facts/definitions',
  'governance/decisionAnswer',
  'logging/logger',
  'manifest/manifest',
  'measures/judgement',
  'measures/periods',
  'plans/linkTarget',
  'reporting/cardSize',
  'scheduler/cycleSchedule',
  'updates/updateInput',
];

module.exports = {
  ...base,
  globalSetup: undefined,
  globalTeardown: undefined,
  testMatch: PURE.map((suite) => `<rootDir>/test/${suite}.test.ts`),
};
