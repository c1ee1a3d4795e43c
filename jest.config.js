// Three projects: fast unit/conformance tests, integration tests against the real RabbitMQ,
// PostgreSQL and simulators (parallel, each in its own vhost/database), and disruptive tests
// that stop the broker or kill processes: those run alone, in band (`npm test` runs them last).
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }] };
const common = { transform, testEnvironment: 'node', moduleFileExtensions: ['ts', 'js', 'json'] };

module.exports = {
  // Jest reads testTimeout only at the top level, not per project. Integration and disruptive
  // tests wait on real brokers and processes; this is a ceiling against hangs, not a target.
  testTimeout: 120000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/tests/unit/**/*.test.ts', '<rootDir>/tests/conformance/**/*.test.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/tests/integration/**/*.int.test.ts'] },
    { ...common, displayName: 'disruptive', testMatch: ['<rootDir>/tests/disruptive/**/*.test.ts'] },
  ],
};
