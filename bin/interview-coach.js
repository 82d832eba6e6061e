#!/usr/bin/env node
// The CLI: the compiled JavaScript in dist/, in this process (see launch.js for when it runs the source instead).
// The Node version check is imported first: ESM evaluates imports in order, so it runs before any other module.
import './requireNode.js';
import { launch } from './launch.js';

await launch('cli/main');
