#!/usr/bin/env node
'use strict';
// Entry of `npx borderpost`. The TypeScript is compiled by `npm ci` (the root `prepare` script runs
// `tsc -b`); if the compiled output is missing (or BORDERPOST_REBUILD=1 asks for it after a source
// edit), build it on demand so that nobody has to remember a build step.
const path = require('node:path');
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..', '..', '..');
const entry = path.join(__dirname, '..', 'dist', 'main.js');

if (!fs.existsSync(entry) || process.env.BORDERPOST_REBUILD === '1') {
  const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
  const built = spawnSync(process.execPath, [tsc, '-b'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0) {
    process.stderr.write(JSON.stringify({ error: { code: 'CLI_BUILD_FAILED', message: 'could not compile Borderpost (run `npm run build` to see why)' } }) + '\n');
    process.exit(1);
  }
}

require(entry).main(process.argv.slice(2));
