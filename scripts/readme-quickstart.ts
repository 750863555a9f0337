/**
 * Runs the README's quick start word for word, as a newcomer would, and fails when it does not do what the README says
 * (`.ci/run` calls it after `npm ci`; `npm test` does not, because it starts processes through npm).
 *
 * It reads the two blocks under "## Quick start" in README.md: the shell commands, and the lines typed into the chat
 * (those starting with "> "). Then: `npm start` in the background — with only `-- --port <free port> --data-dir <temp>`
 * added, so it neither collides with a stack already running on this machine nor touches its data — waits for its
 * "ready" line, runs the replay command and checks that its stdout is one JSON document with the fixture accepted,
 * runs `npm run chat` and types the README's lines into it one at a time, each time waiting for the bot's answer,
 * checks that the chat linked to the README's IIN and that `/status` answered for that citizen, and stops everything
 * (Ctrl+C to the stack's process group), also on failure. Every wait is for a condition, with a deadline.
 *
 * `--install` also runs `npm ci` when the README's command line starts with it (`.ci/run` has just run it).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const STEP_MS = { start: 180_000, command: 90_000, answer: 30_000, stop: 30_000 } as const;

class QuickStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QuickStartError';
  }
}

/** The quick start's commands and chat lines, as the README writes them. */
export function quickStartOf(readme: string): { commands: string[]; chat: string[]; iin: string } {
  const section = readme.split(/^## /m).find((part) => part.startsWith('Quick start'));
  if (!section) throw new QuickStartError('README.md has no "## Quick start" section');
  const blocks = [...section.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], body: m[2] ?? '' }));
  const shell = blocks.find((b) => b.lang === 'sh');
  const chatBlock = blocks.find((b) => b.lang === 'text' && /^> /m.test(b.body));
  if (!shell || !chatBlock) throw new QuickStartError('the quick start needs a ```sh block and a ```text chat block');
  const commands = shell.body
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const chat = chatBlock.body
    .split('\n')
    .filter((line) => line.startsWith('> '))
    .map((line) =>
      line
        .slice(2)
        .replace(/\s+#.*$/, '')
        .trim(),
    );
  const iin = chat.find((line) => /^\d{12}$/.test(line));
  if (!iin) throw new QuickStartError('the chat block types no IIN');
  return { commands, chat, iin };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A child's output so far, and a wait for a condition on it with a deadline. */
function watch(child: ChildProcess, name: string) {
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const until = async (what: string, ms: number, done: (text: string) => boolean): Promise<string> => {
    const deadline = Date.now() + ms;
    let finished = false;
    void exited.then(() => {
      finished = true;
    });
    while (!done(output)) {
      if (finished) throw new QuickStartError(`${name} exited while waiting for ${what}:\n${output}`);
      if (Date.now() > deadline) throw new QuickStartError(`waited ${ms} ms for ${what}; ${name} printed:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return output;
  };
  return { output: () => output, until, exited };
}

/** Runs one README command through the shell, as typed; resolves with its stdout. */
function runCommand(command: string, env: NodeJS.ProcessEnv): string {
  process.stdout.write(`$ ${command}\n`);
  return execFileSync('sh', ['-c', command], { cwd: root, env, timeout: STEP_MS.command, encoding: 'utf8' });
}

async function chatThrough(command: string, lines: string[], env: NodeJS.ProcessEnv): Promise<string[]> {
  process.stdout.write(`$ ${command}\n`);
  const chat = spawn('sh', ['-c', command], { cwd: root, env, stdio: ['pipe', 'pipe', 'pipe'] });
  const seen = watch(chat, command);
  const replies: string[] = [];
  try {
    await seen.until('the chat prompt', STEP_MS.command, (text) => text.includes('> '));
    for (const line of lines) {
      const before = seen.output().length;
      process.stdout.write(`  > ${line}\n`);
      chat.stdin.write(`${line}\n`);
      // The chat prints each of the bot's messages ("🤖 …", whole lines) as it arrives, and its prompt ("> ").
      const after = await seen.until(`the bot's answer to ${line}`, STEP_MS.answer, (text) => {
        const fresh = text.slice(before);
        return fresh.includes('🤖') && (fresh.endsWith('\n') || fresh.endsWith('> '));
      });
      replies.push(after.slice(before));
    }
    chat.stdin.end('/quit\n');
    await Promise.race([seen.exited, new Promise((resolve) => setTimeout(resolve, STEP_MS.stop))]);
    return replies;
  } finally {
    if (chat.exitCode === null) chat.kill('SIGTERM');
  }
}

function checkReplay(stdout: string): void {
  let summary: { accepted?: number; rejected?: unknown[] };
  try {
    summary = JSON.parse(stdout) as typeof summary;
  } catch {
    throw new QuickStartError(`the replay's stdout is not one JSON document:\n${stdout}`);
  }
  if (!summary.accepted || summary.accepted < 1) throw new QuickStartError(`the replay stored nothing: ${stdout}`);
  process.stdout.write(`  replay: ${summary.accepted} events stored\n`);
}

function checkChat(chat: string[], replies: string[], iin: string): void {
  const masked = `${iin.slice(0, 2)}••••••••${iin.slice(-2)}`;
  const atIin = chat.indexOf(iin);
  if (!replies[atIin]?.includes(masked))
    throw new QuickStartError(`the chat did not link to ${masked}; the bot answered:\n${replies[atIin]}`);
  const atStatus = chat.indexOf('/status');
  const status = replies[atStatus] ?? '';
  // A linked chat's status is about coverage (МӘМС / ОСМС), not a request to link first.
  if (atStatus < 0 || !/МӘМС|ОСМС/.test(status) || status.includes('/start'))
    throw new QuickStartError(`/status did not answer for the fixture citizen:\n${status}`);
  process.stdout.write(`  chat: linked to ${masked}; /status answered\n`);
}

async function main(install: boolean): Promise<void> {
  const { commands, chat, iin } = quickStartOf(readFileSync(join(root, 'README.md'), 'utf8'));
  const start = commands.find((c) => /(^|&& )npm start$/.test(c));
  const chatCommand = commands.find((c) => c === 'npm run chat');
  const others = commands.filter((c) => c !== start && c !== chatCommand);
  if (!start || !chatCommand) throw new QuickStartError('the quick start must run `npm start` and `npm run chat`');
  const temp = mkdtempSync(join(tmpdir(), 'readme-quickstart-'));
  const env = { ...process.env, LOCAL_STACK_STATE: join(temp, 'stack.json'), TELEGRAM_BOT_TOKEN: '' };
  if (install && start.startsWith('npm ci &&')) runCommand('npm ci', env);
  const port = await freePort();
  const startAs = `npm start -- --port ${port} --data-dir ${join(temp, 'data')}`;
  process.stdout.write(`$ ${start}   (run as: ${startAs})\n`);
  const stack = spawn('sh', ['-c', startAs], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const stackOutput = watch(stack, 'npm start');
  try {
    await stackOutput.until('the stack to be ready', STEP_MS.start, (text) => text.includes('local stack ready'));
    for (const command of others) {
      const stdout = runCommand(command, env);
      if (command.includes(' replay ')) checkReplay(stdout);
    }
    checkChat(chat, await chatThrough(chatCommand, chat, env), iin);
    if (/Warning|"level":/.test(stackOutput.output()))
      throw new QuickStartError(`npm start printed warnings or log lines:\n${stackOutput.output()}`);
  } finally {
    if (stack.exitCode === null && stack.pid !== undefined) process.kill(-stack.pid, 'SIGINT');
    const stopped = await Promise.race([
      stackOutput.exited.then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), STEP_MS.stop)),
    ]);
    if (!stopped && stack.pid !== undefined) process.kill(-stack.pid, 'SIGKILL');
    rmSync(temp, { recursive: true, force: true });
  }
  process.stdout.write('README quick start: ok\n');
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  try {
    await main(process.argv.includes('--install'));
  } catch (error) {
    process.stderr.write(`readme-quickstart: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
