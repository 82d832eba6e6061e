// Start-up: the CLI's `questions` and `analyze --file /dev/zero`, and the bot to READY against the local fake
// Discord with its idle memory — the compiled route (bin/, `npm start`) against `node -e 0` and against the tsx
// route every start took before (the launcher → tsx's CLI → Node with tsx's loader), all interleaved in one run.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FakeDiscord } from '../test/fakes/discord/index.js';
import { fakeDiscordEnv } from '../test/helpers/fakeDiscordEnv.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'bin/interview-coach.js');
const TSX_CLI = createRequire(import.meta.url).resolve('tsx/cli');
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const CLI_RUNS = 5;
const BOT_RUNS = 3;
/** After "interview coach running": long enough for start-up garbage to be collected and timers to settle. */
const IDLE_SETTLE_MS = 3_000;
const TIME = '/usr/bin/time';

/** bin/interview-coach.js before the build step: a second Node running tsx's CLI, which starts a third with its loader. */
const OLD_LAUNCHER = [
  "import { spawnSync } from 'node:child_process';",
  `const result = spawnSync(process.execPath, [${JSON.stringify(TSX_CLI)}, ${JSON.stringify(path.join(ROOT, 'src/cli/main.ts'))}, ...process.argv.slice(1)], { stdio: 'inherit' });`,
  'process.exit(result.status ?? 1);',
].join('\n');
const oldCli = (args: string[]): string[] => ['--input-type=module', '-e', OLD_LAUNCHER, ...args];

interface Sample {
  wallMs: number;
  /** User + system CPU of the process tree, from /usr/bin/time (absent without it). */
  cpuMs?: number;
  code: number | null;
  stderr: string;
}

/** One process to exit, timed from spawn; under /usr/bin/time when present for its CPU seconds. */
function runOnce(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<Sample> {
  const timed = existsSync(TIME);
  const [command, argv] = timed ? [TIME, ['-f', '@@cpu %U %S', process.execPath, ...args]] : [process.execPath, args];
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { env, cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      const match = /@@cpu ([\d.]+) ([\d.]+)\s*$/.exec(stderr);
      const own = stderr.replace(/(Command exited with non-zero status \d+\n)?@@cpu .*\s*$/, '');
      resolve({ wallMs, cpuMs: match ? (Number(match[1]) + Number(match[2])) * 1000 : undefined, code, stderr: own });
    });
  });
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};
const ms = (value: number): string => (value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(0)} ms`);

interface Variant {
  name: string;
  args: string[];
  expectCode: (code: number | null) => boolean;
  samples: Sample[];
}

/** Rounds of every variant in turn (ABC ABC …), so load on the machine falls on all of them alike. */
async function interleaved(variants: Variant[], rounds: number, env: NodeJS.ProcessEnv, cwd: string): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    for (const v of variants) {
      const sample = await runOnce(v.args, env, cwd);
      if (!v.expectCode(sample.code)) throw new Error(`${v.name}: exit ${sample.code}: ${sample.stderr.trim()}`);
      v.samples.push(sample);
    }
  }
}

const wall = (v: Variant): number => median(v.samples.map((s) => s.wallMs));
const cpu = (v: Variant): number => median(v.samples.map((s) => s.cpuMs ?? NaN));

interface BotRun {
  readyMs: number;
  runningMs: number;
  /** User + system CPU of the bot process until "running" (/proc/PID/stat): what load on the machine does not inflate. */
  cpuMs: number;
  idleRssMiB: number;
}

/** Clock ticks per second of /proc/PID/stat's utime and stime (USER_HZ: 100 on Linux). */
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

function cpuMsOf(pid: number): number {
  // Fields after the parenthesised command name; utime and stime are the 14th and 15th of the whole line.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/** The start script exactly as package.json has it, run by this Node with its paths made absolute. */
function startScriptArgs(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const [command, ...args] = (pkg.scripts.start ?? '').split(' ');
  if (command !== 'node') throw new Error(`unexpected start script: ${pkg.scripts.start}`);
  return args.map((arg) => (arg.startsWith('-') ? arg : path.join(ROOT, arg)));
}

/** One bot process against a fresh fake Discord: spawn → READY (the fake's signal) → "running" log → idle RSS. */
async function botOnce(args: string[], dir: string): Promise<BotRun> {
  const fake = new FakeDiscord();
  await fake.start();
  const env = { ...fakeDiscordEnv(fake, path.join(dir, `bot-${Date.now()}.db`)), LOG_LEVEL: 'info', PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
  const started = performance.now();
  const child = spawn(process.execPath, args, { env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  try {
    await fake.waitUntil(() => {
      if (child.exitCode !== null) throw new Error(`the bot exited with ${child.exitCode}: ${stderr.trim()}`);
      return fake.gateway.readySessionCount > 0 ? true : undefined;
    }, 120_000, 'the bot to receive READY');
    const readyMs = performance.now() - started;
    let cpuMs = NaN;
    const running = await new Promise<number>((resolve, reject) => {
      const check = () => {
        if (stdout.includes('"msg":"interview coach running"')) {
          cpuMs = cpuMsOf(child.pid ?? 0);
          resolve(performance.now() - started);
        }
        else if (child.exitCode !== null) reject(new Error(`the bot exited with ${child.exitCode}: ${stderr.trim()}`));
        else child.stdout.once('data', check);
      };
      check();
    });
    await new Promise((resolve) => setTimeout(resolve, IDLE_SETTLE_MS));
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
    return { readyMs, runningMs: running, cpuMs, idleRssMiB: rssKb / 1024 };
  } finally {
    const exited = new Promise((resolve) => child.once('close', resolve));
    child.kill('SIGTERM');
    await exited;
    await fake.stop();
  }
}

export async function run(): Promise<string> {
  // The compiled route runs dist/: built from the current source first (incremental).
  execFileSync(process.execPath, [path.join(ROOT, 'bin/build.js')], { stdio: 'inherit' });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ic-bench-startup-'));
  try {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_PATH: path.join(dir, 'coach.db'), NO_COLOR: '1', LOG_LEVEL: 'silent' };
    const questions = ['questions', '--role', 'frontend', '--count', '1', '--json'];
    const ok = (code: number | null) => code === 0;
    const refused = (code: number | null) => code !== null && code !== 0;
    const nodeOnly: Variant = { name: '`node -e 0`', args: ['-e', '0'], expectCode: ok, samples: [] };
    const compiled: Variant = { name: '`node bin/interview-coach.js questions …` (compiled)', args: [BIN, ...questions], expectCode: ok, samples: [] };
    const viaTsx: Variant = { name: 'baseline: the same through the tsx route', args: oldCli(questions), expectCode: ok, samples: [] };
    await interleaved([nodeOnly, compiled, viaTsx], CLI_RUNS, env, dir);

    const zeroCompiled: Variant = { name: '`analyze --file /dev/zero` (compiled)', args: [BIN, 'analyze', '--file', '/dev/zero'], expectCode: refused, samples: [] };
    const zeroTsx: Variant = { name: 'baseline: the same through the tsx route', args: oldCli(['analyze', '--file', '/dev/zero']), expectCode: refused, samples: [] };
    await interleaved([zeroCompiled, zeroTsx], CLI_RUNS, env, dir);

    const startScript = startScriptArgs();
    const bots: { name: string; args: string[]; runs: BotRun[] }[] = [
      { name: `\`npm start\` (\`${startScript.join(' ').replaceAll(`${ROOT}/`, '')}\`, compiled)`, args: startScript, runs: [] },
      { name: 'baseline: `node --import tsx src/main.ts` (the `npm start` before)', args: ['--import', TSX_LOADER, path.join(ROOT, 'src/main.ts')], runs: [] },
    ];
    for (let round = 0; round < BOT_RUNS; round++) for (const bot of bots) bot.runs.push(await botOnce(bot.args, dir));

    const ratio = wall(compiled) / wall(nodeOnly);
    const cpuRatio = cpu(compiled) / cpu(nodeOnly);
    const cliRow = (v: Variant) => `| ${v.name} | ${ms(wall(v))} | ${Number.isNaN(cpu(v)) ? '—' : ms(cpu(v))} | ${(wall(v) / wall(nodeOnly)).toFixed(1)}× |`;
    const [bot, botBefore] = bots.map((b) => ({
      ...b,
      ready: median(b.runs.map((r) => r.readyMs)),
      running: median(b.runs.map((r) => r.runningMs)),
      cpu: median(b.runs.map((r) => r.cpuMs)),
      rss: median(b.runs.map((r) => r.idleRssMiB)),
    }));
    if (!bot || !botBefore) throw new Error('no bot runs');
    const botRow = (b: typeof bot) => `| ${b.name} | ${ms(b.ready)} | ${ms(b.running)} | ${ms(b.cpu)} | ${b.rss.toFixed(0)} MiB |`;
    const zero = wall(zeroCompiled);
    const load = os.loadavg().map((l) => l.toFixed(1)).join(' / ');
    return [
      '## Start-up: CLI and bot',
      '',
      `Each command as a fresh process; medians of ${CLI_RUNS} runs, the variants interleaved (ABC ABC …). CPU is user + system of ` +
        'the process tree (/usr/bin/time). The tsx route is how every start ran before the build step: bin/ started a second Node ' +
        "running tsx's CLI, which starts a third with its loader, and compiled TypeScript on the way. " +
        `Load average at the end of the run (1 / 5 / 15 min): ${load} on ${os.cpus().length} cores — other processes' load ` +
        'stretches wall times; CPU times less so.',
      '',
      '| command | wall | CPU | × `node -e 0` |',
      '|---|---|---|---|',
      cliRow(nodeOnly),
      cliRow(compiled),
      cliRow(viaTsx),
      cliRow(zeroCompiled),
      cliRow(zeroTsx),
      '',
      `Target: \`questions\` ≤ 8 × \`node -e 0\` — ${ratio.toFixed(1)}× wall (${cpuRatio.toFixed(1)}× CPU): ${ratio <= 8 ? 'met' : 'NOT met'}. ` +
        `\`analyze --file /dev/zero\` exits non-zero in ${ms(zero)} (bound 2 s): ${zero <= 2000 ? 'met' : 'NOT met'}.`,
      '',
      `The bot against the local fake Discord (offline providers), medians of ${BOT_RUNS} interleaved starts: READY is the fake ` +
        `sending READY to the bot's identify; "running" is the bot's own log line once every adapter is up; idle RSS is the bot ` +
        `process's resident memory ${IDLE_SETTLE_MS / 1000} s after that. CPU is the bot process's user + system time until "running".`,
      '',
      '| bot | start → READY | start → running | CPU to running | idle RSS |',
      '|---|---|---|---|---|',
      botRow(bot),
      botRow(botBefore),
      '',
      `Targets: READY ≤ 2 s — ${ms(bot.ready)}: ${bot.ready <= 2000 ? 'met' : 'NOT met'}; idle RSS ≤ 200 MB — ` +
        `${(bot.rss * 1.048576).toFixed(0)} MB: ${bot.rss * 1.048576 <= 200 ? 'met' : 'NOT met'}.`,
    ].join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
