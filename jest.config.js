// Dependencies that ship only as ES modules: Node >= 20.19 require()s them, jest's module loader
// on Node 20 cannot, so swc turns them into CommonJS for the tests. content-disposition@3 comes
// with @fastify/swagger-ui (through @fastify/static); the OpenAPI validator is a test tool.
const ESM_ONLY = ['content-disposition', '@seriousme/openapi-schema-validator'];
const esm = ESM_ONLY.map((name) => name.replace('/', '\\/')).join('|');
const transform = {
  '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }],
  [`/node_modules/(${esm})/.+\\.js$`]: ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
};
const common = {
  transform,
  transformIgnorePatterns: [`/node_modules/(?!(${esm})/)`],
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
};

// Three projects: fast unit/conformance tests, integration tests against the real RabbitMQ,
// PostgreSQL and simulators (parallel, each in its own vhost/database), and disruptive tests
// that stop the broker or kill processes: those run alone, in band (`npm test` runs them last).
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
