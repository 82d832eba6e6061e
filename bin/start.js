// `npm start`: the bot, compiled (see launch.js). The Node version check is imported first, before any other module.
// package.json starts it with --max-semi-space-size=16: on a machine with plenty of memory Node 24 lets the young
// generation grow to 128 MB while start-up loads its modules, and keeps it — most of an idle bot's resident memory.
import './requireNode.js';
import { launch } from './launch.js';

await launch('main');
