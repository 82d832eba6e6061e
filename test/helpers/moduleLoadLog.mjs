// Preloaded into a child process with `node --import` by tests: every module the process loads is appended, one
// URL a line, to the file named by MODULE_LOAD_LOG. It is the signal that a command never loaded discord.js
// (no timing involved). Plain JS, so it needs no loader of its own.
import { register } from 'node:module';

register(new URL('./moduleLoadLogHooks.mjs', import.meta.url), { data: process.env.MODULE_LOAD_LOG });
