// Root `prepare` (runs at `npm ci` / `npm install`): compile the workspace so `npx borderpost` works at
// once. BORDERPOST_SKIP_PREPARE=1 skips it (useful while another package is mid-edit).
'use strict';
const { spawnSync } = require('node:child_process');
if (process.env.BORDERPOST_SKIP_PREPARE === '1') process.exit(0);
const tsc = require.resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-b'], { stdio: 'inherit', cwd: __dirname + '/..' });
process.exit(result.status ?? 1);
