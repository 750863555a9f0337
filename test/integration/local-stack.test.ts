import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { t } from '../../functions/bot/screens';
import { STATE_FILE_VARIABLE, type StackState } from '../../ops/local-state';
import { freePort } from '../../tools/dynamodb-local';
import { application, contact, credited, IIN, payment } from '../helpers/events';

const root = join(import.meta.dirname, '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'local-stack-'));
// This stack's own state file: another stack on the machine (a developer's, a second test run) keeps its own.
const stateFile = join(dataDir, 'stack.json');
// Without the test run's own silencing of the AWS SDK's Node-version notice: the stack and the CLI must keep quiet alone.
const { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: _notice, LOG_LEVEL: _level, ...inherited } = process.env;
const env = { ...inherited, TELEGRAM_BOT_TOKEN: '', [STATE_FILE_VARIABLE]: stateFile };
// `npm start` and `npm run ops` are tsx on this Node; the test runs the same entry points without npm in between.
const tsx = createRequire(import.meta.url).resolve('tsx/cli');

/**
 * What each step may take on a busy 2-core machine (another full test run beside this one): several times what it
 * took there in measurements (start ~20 s: tsx, the JVM of DynamoDB Local, the table; a CLI run ~2–5 s; a bot answer
 * or a request that ticks the pipeline ~1 s). Each step waits for its own signal and, over budget, fails with what
 * the stack printed; the test's budget is the sum of its steps.
 */
const BUDGET_MS = { start: 120_000, stop: 30_000, cli: 30_000, answer: 20_000 } as const;
// Two starts and stops, five CLI runs, and eight waits for the pipeline (six for bot answers, two HTTP calls that tick).
const TEST_BUDGET_MS = 2 * BUDGET_MS.start + 2 * BUDGET_MS.stop + 5 * BUDGET_MS.cli + 8 * BUDGET_MS.answer;

let running: ChildProcess | undefined;

afterAll(() => {
  if (running?.exitCode === null && running.signalCode === null) process.kill(-(running.pid ?? 0), 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

interface Stack {
  child: ChildProcess;
  output: () => string;
  /** Resolves when the stack has exited and its output is all read. */
  closed: Promise<void>;
}

/** `npm start -- …` as the README says (without npm), resolved on its "ready" banner. */
async function startStack(port: number, extra: string[]): Promise<Stack> {
  const args = [tsx, 'tools/local-stack.ts', '--port', String(port), '--data-dir', dataDir, '--speed', '0', ...extra];
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  running = child;
  let output = '';
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk;
      if (output.includes('local stack ready')) resolve();
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    closed.then(() => reject(new Error(`the stack exited before it was ready:\n${output}`)));
  });
  await within(BUDGET_MS.start, 'the stack to start', () => output, ready);
  return { child, output: () => output, closed };
}

/** Ctrl+C, as a terminal sends it (to the whole process group); resolves with everything the stack printed. */
async function stopStack(stack: Stack): Promise<string> {
  process.kill(-(stack.child.pid ?? 0), 'SIGINT');
  await within(BUDGET_MS.stop, 'the stack to stop', stack.output, stack.closed);
  return stack.output();
}

/** `promise`, or a failure naming the step and what the stack printed when it takes longer than `ms`. */
async function within<T>(ms: number, what: string, output: () => string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`waited ${ms} ms for ${what}; the stack printed:\n${output()}`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Reads until `done` holds for what was read; fails after `ms`. */
async function until<T>(ms: number, what: string, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`waited ${ms} ms for ${what}; last read: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const run = promisify(execFile);
/**
 * `npx osms-ops …` without npm (the package's bin); `input` goes to its stdin. Resolves with what it printed on
 * stdout, after checking that it printed nothing on stderr (no SDK notice, no logs).
 */
async function ops(args: string[], input = '', progressOnStderr = false): Promise<string> {
  const cli = run(process.execPath, [join(root, 'ops', 'bin.mjs'), ...args], {
    cwd: root,
    env,
    timeout: BUDGET_MS.cli,
  });
  cli.child.stdin?.end(input);
  const { stdout, stderr } = await cli;
  if (!progressOnStderr) expect(stderr).toBe('');
  else expect(stderr).not.toMatch(/Warning|"level"/);
  return stdout;
}

async function post(base: string, path: string, body: string): Promise<unknown> {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    body,
    signal: AbortSignal.timeout(BUDGET_MS.answer),
  });
  return response.json();
}

/** The stack's fake Bot API, as the terminal chat uses it, for chat 501. */
function chatOf(stackState: StackState) {
  if (!stackState.telegram.fake) throw new Error('expected the fake Bot API');
  const apiRoot = stackState.telegram.apiRoot;
  const from = { id: 501, first_name: 'Aigerim' };
  const control = (action: string, body: Record<string, unknown>) =>
    fetch(`${apiRoot}/control/${action}`, {
      method: 'POST',
      body: JSON.stringify({ from, ...body }),
      headers: { 'content-type': 'application/json' },
    });
  const messages = async () =>
    ((await (await fetch(`${apiRoot}/control/messages?chat_id=501`)).json()) as { result: { text: string }[] }).result;
  /** Every message to the chat so far, once there are at least `count`. */
  const waitFor = (count: number) =>
    until(BUDGET_MS.answer, `${count} messages to chat 501`, messages, (got) => got.length >= count);
  return { control, waitFor };
}

const readState = () => JSON.parse(readFileSync(stateFile, 'utf8')) as StackState;

/** Replays events through the CLI and sends one conflicting version over HTTP: both land where they should. */
async function ingestEvents(base: string): Promise<void> {
  const events = [
    contact(IIN.aigerim, '+77015550123'),
    application({ caseId: 'OB-1' }),
    credited({ caseId: 'OB-1', creditedOn: '2026-03-20' }, { occurredAt: '2026-03-20T10:00:00+05:00' }),
    payment({ period: '2026-02' }),
    // Another citizen's case, credited in January: its reminders were past before the stack's clock began.
    application({ caseId: 'OB-9', iin: IIN.erlan, submittedOn: '2026-01-05' }),
    credited({ caseId: 'OB-9', creditedOn: '2026-01-06' }, { occurredAt: '2026-01-06T10:00:00+05:00' }),
  ];
  const file = join(dataDir, 'events.ndjson');
  writeFileSync(file, [...events.map((e) => JSON.stringify(e)), '{broken'].join('\n'));
  const none = { duplicates: 0, conflicts: [], deadLettered: [], pending: 0 };
  const replayed = JSON.parse(await ops(['replay', '--file', file], '', true));
  expect(replayed).toEqual({ file, accepted: 6, ...none, rejected: [{ line: 7, reason: 'body: is not valid JSON' }] });
  // The same events again, as a pretty-printed JSON array: all duplicates, placed by item.
  const pretty = join(dataDir, 'events.json');
  writeFileSync(pretty, JSON.stringify(events.slice(0, 2), null, 2));
  expect(JSON.parse(await ops(['replay', '--file', pretty], '', true))).toEqual({
    file: pretty,
    ...none,
    accepted: 0,
    duplicates: 2,
    rejected: [],
  });
  // A conflicting version of a stored event is kept beside it, under review for an operator, not dead-lettered.
  const stored = events[3];
  if (!stored) throw new Error('expected the payment event');
  const conflicting = { ...stored, data: { ...stored.data, amountTiyn: 1 } };
  // Posted as one pretty-printed envelope, as the files in docs/events/examples/ are.
  expect(await post(base, '/events', JSON.stringify(conflicting, null, 2))).toEqual({
    accepted: 0,
    duplicates: 0,
    conflicts: [{ item: 1, event: `${stored.source}#${stored.eventId}` }],
    deadLettered: [],
    pending: 0,
    rejected: [],
  });
  const review = JSON.parse(await ops(['review', 'list'])) as { items: unknown[] };
  expect(review.items).toEqual([
    expect.objectContaining({
      kind: 'conflict',
      type: stored.type,
      versions: [expect.any(String), expect.any(String)],
    }),
  ]);
  const dlq = JSON.parse(await ops(['dlq', 'list'])) as { deadLetters: { ingest: string[] } };
  expect(dlq.deadLetters.ingest).toEqual([]);
}

/** A citizen links their chat: /start, consent, contact, IIN. */
async function linkChat(chat: ReturnType<typeof chatOf>): Promise<void> {
  await chat.control('text', { text: '/start' });
  await chat.waitFor(1);
  await chat.control('press', { data: 'consent:agree' });
  await chat.waitFor(2);
  await chat.control('contact', { phone_number: '77015550123', user_id: 501 });
  await chat.waitFor(3);
  await chat.control('text', { text: IIN.aigerim });
  const linked = await chat.waitFor(4);
  expect(linked[3]?.text).toBe(t('kk', 'bot-linked', { iinMasked: '85••••••••21' }));
}

/** The clock jumps past the documents deadline: reminders, the return order and what support staff see. */
async function passTheDeadline(base: string, chat: ReturnType<typeof chatOf>, stack: Stack): Promise<void> {
  expect(await post(base, '/clock', JSON.stringify({ to: '2026-06-03T12:00+05:00' }))).toEqual({
    clock: '2026-06-03T12:00:00+05:00',
  });
  const outbound = (await (await fetch(`${base}/outbound`)).json()) as { data: { caseId: string } }[];
  expect(outbound.map((e) => e.data.caseId).sort()).toEqual(['OB-1', 'OB-9']);
  // Linked after the credit: the five reminders (the last on the deadline day) and "the deadline passed"; the day's
  // coverage sweep may add that coverage ended (paid through February).
  const afterLink = (await chat.waitFor(10)).slice(4).map((m) => m.text);
  const firstLines = afterLink.map((text) => text.split('\n')[0]).join(' | ');
  expect(
    afterLink.slice(0, 5).every((text) => text.startsWith('⏳')),
    firstLines,
  ).toBe(true);
  expect(afterLink.length, firstLines).toBeGreaterThanOrEqual(6);
  expect(stack.output()).toContain('schedule fired');
  // An earlier time is refused with the reason: the clock only moves forward.
  const back = await fetch(`${base}/clock`, { method: 'POST', body: JSON.stringify({ to: '2026-06-01T12:00+05:00' }) });
  expect(back.status).toBe(409);
  expect(((await back.json()) as { error: string }).error).toMatch(/only moves forward/);
  const explained = JSON.parse(await ops(['explain', '--case', 'OB-1']));
  expect(explained.status).toMatchObject({ state: 'return_due', documentsDeadline: '2026-06-02' });
  // One time format: ISO-8601 in Kazakhstan time, at the stack's clock; every reminder says what became of it.
  expect(explained.at).toBe('2026-06-03T12:00:00+05:00');
  const times = JSON.stringify(explained).match(/"\d{4}-\d\d-\d\dT[^"]*"/g) ?? [];
  expect(times.length).toBeGreaterThan(5);
  for (const time of times) expect(time).toMatch(/T\d\d:\d\d:\d\d\+05:00"$/);
  // Linked before each reminder's moment: each one fired (its record kept) or was sent (its record cleared after 12 h).
  for (const reminder of explained.status.reminders) expect(['fired', 'sent']).toContain(reminder.scheduled);
  const early = JSON.parse(await ops(['explain', '--case', 'OB-9']));
  expect(early.status.reminders.length).toBeGreaterThan(0);
  for (const reminder of early.status.reminders)
    expect(reminder).toMatchObject({ scheduled: 'never scheduled', firedAt: null });
  // The order waits out the settle window for late documents: the working day after the deadline, 12:00.
  expect(explained.schedules).toContainEqual({
    key: 'return_to_fund',
    at: '2026-06-03T12:00:00+05:00',
    fired: expect.any(String),
  });
  const explainedCitizen = JSON.parse(await ops(['explain', '--iin', '-'], `${IIN.aigerim}\n`));
  expect(explainedCitizen).toMatchObject({
    citizen: '85••••••••21',
    chats: [{ chatId: 501, language: 'kk', active: true }],
  });
  expect(
    explainedCitizen.notifications.map((n: { kind: string; status: string }) => `${n.kind}:${n.status}`),
  ).toContain('deadline_passed:sent');
}

describe('npm start: the whole product on one machine', () => {
  it('lists its options with the -- that npm needs', { timeout: BUDGET_MS.cli }, async () => {
    const { stdout } = await run(process.execPath, [tsx, 'tools/local-stack.ts', '--help'], { cwd: root, env });
    expect(stdout).toMatch(/^usage: npm start \[-- options\]/);
    expect(stdout).toContain('npm start -- --port 8788');
    const bad = await run(process.execPath, [tsx, 'tools/local-stack.ts', '--port', 'x'], { cwd: root, env }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringContaining('npm start -- --help') });
    // A port in use: exit 4, and the way to choose another written as npm needs it.
    const port = await freePort();
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(port, '127.0.0.1', () => resolve()));
    try {
      const busy = await run(process.execPath, [tsx, 'tools/local-stack.ts', '--port', String(port)], {
        cwd: root,
        env,
      }).catch((error: { code: number; stderr: string }) => error);
      expect(busy).toMatchObject({ code: 4, stderr: expect.stringContaining(`npm start -- --port ${port + 1}`) });
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });

  it('takes events, talks through the fake Bot API, fires reminders and the return order, and keeps state across a restart', {
    timeout: TEST_BUDGET_MS,
  }, async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const first = await startStack(port, ['--fresh', '--clock', '2026-03-20T10:00+05:00']);
    expect(await (await fetch(`${base}/health`)).json()).toMatchObject({
      status: 'ok',
      clock: '2026-03-20T10:00:00+05:00',
    });
    await ingestEvents(base);
    const chat = chatOf(readState());
    await linkChat(chat);
    await passTheDeadline(base, chat, first);
    const printed = await stopStack(first);
    expect(printed).toContain('stopped');
    // Quiet: no AWS SDK notice about Node versions, no JSON log lines or metrics.
    expect(printed).not.toMatch(/Warning|"level"|"_aws"/);

    // Restart on the same data: the link and the facts are still there.
    const second = await startStack(port, ['--clock', '2026-06-04T12:00+05:00']);
    const restarted = chatOf(readState());
    await restarted.control('text', { text: '/case' });
    const [answer] = await restarted.waitFor(1);
    expect(answer?.text).toContain('OB-1');
    expect(await stopStack(second)).toContain('stopped');
  });
});
