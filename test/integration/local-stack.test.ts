import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { t } from '../../functions/bot/screens';
import { freePort } from '../../tools/dynamodb-local';
import type { StackState } from '../../tools/local-state';
import { application, contact, credited, IIN, payment } from '../helpers/events';

const root = join(import.meta.dirname, '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'local-stack-'));
let running: ChildProcess | undefined;

/** `npm start -- …` exactly as the README says, waiting for its "ready" banner. */
async function startStack(port: number, extra: string[]): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn('npm', ['start', '--', '--port', String(port), '--data-dir', dataDir, '--speed', '0', ...extra], {
    cwd: root,
    env: { ...process.env, TELEGRAM_BOT_TOKEN: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  running = child;
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const deadline = Date.now() + 90_000;
  while (!output.includes('local stack ready')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the stack did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { child, output: () => output };
}

/** Ctrl+C, as a terminal sends it (to the whole process group); resolves with everything the stack printed. */
async function stopStack(stack: { child: ChildProcess; output: () => string }): Promise<string> {
  const exited = new Promise<void>((resolve) => stack.child.once('exit', () => resolve()));
  process.kill(-(stack.child.pid ?? 0), 'SIGINT');
  await exited;
  for (let i = 0; i < 100 && !stack.output().includes('stopped'); i++) await new Promise((r) => setTimeout(r, 100));
  return stack.output();
}

afterAll(() => {
  if (running?.exitCode === null && running.signalCode === null) process.kill(-(running.pid ?? 0), 'SIGKILL');
});

const run = promisify(execFile);
const ops = (...args: string[]) => run('npm', ['run', '--silent', 'ops', '--', ...args], { cwd: root });

const post = (base: string, path: string, body: string) =>
  fetch(`${base}${path}`, { method: 'POST', body }).then(async (r) => ({ status: r.status, json: await r.json() }));

describe('npm start: the whole product on one machine', () => {
  it('takes events, talks through the fake Bot API, fires reminders and the return order, and keeps state across a restart', async () => {
    const port = await freePort();
    const first = await startStack(port, ['--fresh', '--clock', '2026-03-20T10:00+05:00']);
    const state = JSON.parse(readFileSync(join(root, '.local', 'stack.json'), 'utf8')) as StackState;
    const base = `http://127.0.0.1:${port}`;
    expect(await (await fetch(`${base}/health`)).json()).toMatchObject({
      status: 'ok',
      clock: '2026-03-20T10:00:00+05:00',
    });

    const events = [
      contact(IIN.aigerim, '+77015550123'),
      application({ caseId: 'OB-1' }),
      credited({ caseId: 'OB-1', creditedOn: '2026-03-20' }, { occurredAt: '2026-03-20T10:00:00+05:00' }),
      payment({ period: '2026-02' }),
    ];
    const file = join(dataDir, 'events.ndjson');
    writeFileSync(file, [...events.map((e) => JSON.stringify(e)), '{broken'].join('\n'));
    const replayed = JSON.parse((await ops('replay', '--file', file)).stdout);
    expect(replayed).toEqual({ file, accepted: 4, rejected: [{ line: 5, reason: 'body: is not valid JSON' }] });
    // A conflicting version of a stored event goes to the dead-letter queue, with its reason.
    const conflicting = { ...events[3], data: { ...events[3]?.data, amountTiyn: 1 } };
    expect((await post(base, '/events', JSON.stringify(conflicting))).json).toEqual({ accepted: 1, rejected: [] });
    const dlq = JSON.parse((await ops('dlq', 'list')).stdout) as { deadLetters: { ingest: string[] } };
    expect(dlq.deadLetters.ingest).toEqual([expect.stringMatching(/^conflict: event test\.upstream#/)]);

    // A citizen links their chat through the fake Bot API, as the terminal chat does.
    if (!state.telegram.fake) throw new Error('expected the fake Bot API');
    const apiRoot = state.telegram.apiRoot;
    const control = (action: string, body: unknown) =>
      fetch(`${apiRoot}/control/${action}`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      });
    const messages = async (after = 0) =>
      (
        (await (await fetch(`${apiRoot}/control/messages?chat_id=501&after=${after}`)).json()) as {
          result: { text: string; messageId: number }[];
        }
      ).result;
    const waitFor = async (count: number) => {
      for (let i = 0; i < 100; i++) {
        const got = await messages();
        if (got.length >= count) return got;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`expected ${count} messages, got ${(await messages()).length}`);
    };
    const from = { id: 501, first_name: 'Aigerim' };
    await control('text', { from, text: '/start' });
    await waitFor(1);
    await control('press', { from, data: 'consent:agree' });
    await waitFor(2);
    await control('contact', { from, phone_number: '77015550123', user_id: 501 });
    await waitFor(3);
    await control('text', { from, text: IIN.aigerim });
    const linked = await waitFor(4);
    expect(linked[3]?.text).toBe(t('kk', 'bot-linked', { iinMasked: '85••••••••21' }));

    expect((await post(base, '/clock', JSON.stringify({ to: '2026-06-03T12:00+05:00' }))).json).toEqual({
      clock: '2026-06-03T12:00:00+05:00',
    });
    const outbound = (await (await fetch(`${base}/outbound`)).json()) as { data: { caseId: string } }[];
    expect(outbound.map((e) => e.data.caseId)).toEqual(['OB-1']);
    // Linked after the credit: the four reminders and "the deadline passed".
    const afterLink = (await waitFor(9)).slice(4).map((m) => m.text);
    expect(afterLink[0]?.startsWith('⏳')).toBe(true);
    expect(afterLink).toHaveLength(5);
    expect(first.output()).toContain('schedule fired');
    const explained = JSON.parse((await ops('explain', '--case', 'OB-1')).stdout);
    expect(explained.status).toMatchObject({ state: 'return_due', documentsDeadline: '2026-06-02' });
    expect(explained.schedules).toContainEqual({
      key: 'return_to_fund',
      at: '2026-06-03T00:00:00+05:00',
      fired: expect.any(String),
    });
    const explainedCitizen = JSON.parse((await ops('explain', '--iin', IIN.aigerim)).stdout);
    expect(explainedCitizen).toMatchObject({
      citizen: '85••••••••21',
      chats: [{ chatId: 501, language: 'kk', active: true }],
    });
    expect(
      explainedCitizen.notifications.map((n: { kind: string; status: string }) => `${n.kind}:${n.status}`),
    ).toContain('deadline_passed:sent');
    expect(await stopStack(first)).toContain('stopped');

    // Restart on the same data: the link and the facts are still there.
    const second = await startStack(port, ['--clock', '2026-06-04T12:00+05:00']);
    const restarted = JSON.parse(readFileSync(join(root, '.local', 'stack.json'), 'utf8')) as StackState;
    if (!restarted.telegram.fake) throw new Error('expected the fake Bot API');
    await fetch(`${restarted.telegram.apiRoot}/control/text`, {
      method: 'POST',
      body: JSON.stringify({ from, text: '/case' }),
      headers: { 'content-type': 'application/json' },
    });
    let answer: { text: string }[] = [];
    for (let i = 0; i < 100 && answer.length === 0; i++) {
      answer = (
        (await (await fetch(`${restarted.telegram.apiRoot}/control/messages?chat_id=501`)).json()) as {
          result: { text: string }[];
        }
      ).result;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(answer[0]?.text).toContain('OB-1');
    expect(await stopStack(second)).toContain('stopped');
  });
});
