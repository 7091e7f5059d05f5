// One jest run for the whole workspace. TypeScript is stripped by SWC (fast); types are checked by
// `tsc -b` in `npm test`. `@borderpost/<pkg>` imports are mapped to the package's `src/`, so tests never
// depend on a previous build.
const fs = require('node:fs');
const path = require('node:path');

function workspaceSourceMap() {
  const mapper = {};
  for (const parent of ['packages', 'apps']) {
    const dir = path.join(__dirname, parent);
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir)) {
      const manifest = path.join(dir, name, 'package.json');
      if (!fs.existsSync(manifest)) continue;
      const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8'));
      if (!pkg.name || !pkg.name.startsWith('@borderpost/')) continue;
      const escaped = pkg.name.replace('/', '\\/');
      mapper[`^${escaped}$`] = path.join(dir, name, 'src');
      mapper[`^${escaped}/(.*)$`] = path.join(dir, name, 'src', '$1');
    }
  }
  return mapper;
}

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['packages', 'apps', 'scripts'].filter((dir) => fs.existsSync(path.join(__dirname, dir))).map((dir) => `<rootDir>/${dir}`),
  testMatch: ['**/?(*.)test.ts?(x)'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  modulePathIgnorePatterns: ['<rootDir>/.*/dist/'],
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', tsx: true },
          target: 'es2022',
          transform: { react: { runtime: 'automatic' } },
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleNameMapper: workspaceSourceMap(),
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.js'],
  testTimeout: 30000,
};
