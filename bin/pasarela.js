#!/usr/bin/env node
// The CLI runs the compiled output; `npm ci` builds it through the `prepare` script.
require('../dist/src/cli/main.js');
