// `npm start`: the bot, compiled (see launch.js). The Node version check is imported first, before any other module.
import './requireNode.js';
import { launch } from './launch.js';

await launch('main');
