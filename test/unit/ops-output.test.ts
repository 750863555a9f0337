import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../ops/commands';
import { splitEnvelopes } from '../../ops/envelopes';
import { kazakhstanTime } from '../../ops/explain-command';
import { replay } from '../../ops/replay-command';
import { quickStartOf } from '../../scripts/readme-quickstart';
import { parseUpstreamEventBody } from '../../shared/contracts/parse';
import { type ChildRun, runChild } from '../helpers/child';

const root = join(import.meta.dirname, '..', '..');
const example = (name: string) => readFileSync(join(root, 'docs', 'events', 'examples', `${name}.json`), 'utf8');
// A CLI start (tsx's loader, the TypeScript) takes a few seconds; many on a loaded 2-core machine.
const CLI_RUN_BUDGET_MS = 60_000;

function run(args: readonly string[]): Promise<ChildRun> {
  // The `osms-ops` bin as `npx osms-ops` runs it (without npm: the test starts no process through npm).
  const { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: _set, LOG_LEVEL: _level, ...env } = process.env;
  return runChild(process.execPath, [join(root, 'ops', 'bin.mjs'), ...args], { cwd: root, env });
}

describe('the osms-ops bin', () => {
  it(
    'is the package bin, and prints one JSON document on stdout and nothing on stderr',
    async () => {
      const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> };
      expect(pkg.bin).toEqual({ 'osms-ops': 'ops/bin.mjs' });
      const { code, stdout, stderr } = await run(['deadline', '--from', '2026-03-20', '--working-days', '45']);
      expect(code).toBe(0);
      expect(JSON.parse(stdout)).toEqual({ from: '2026-03-20', workingDays: 45, deadline: '2026-06-02' });
      expect(stderr).toBe('');
    },
    CLI_RUN_BUDGET_MS,
  );
});

describe('ops deadline and the forecast calendar', () => {
  it('warns when the deadline reaches a year whose calendar is only the legal rule', () => {
    const late = runCommand(['deadline', '--from', '2026-12-01', '--working-days', '45']) as Record<string, unknown>;
    expect(late.deadline).toBe('2027-02-08');
    expect(late.warning).toMatch(/^dates after 2026 may move when the ministry publishes the calendar/);
    expect(runCommand(['deadline', '--from', '2026-03-20', '--working-days', '45'])).not.toHaveProperty('warning');
  });
});

describe('envelopes as integrators have them', () => {
  it('takes one pretty-printed envelope, a JSON array, or NDJSON, each placed where it was', () => {
    const pretty = splitEnvelopes(example('osms.payment'));
    expect(pretty).toHaveLength(1);
    expect(pretty[0]?.at).toEqual({ item: 1 });
    expect(parseUpstreamEventBody(pretty[0]?.body ?? '').ok).toBe(true);
    const array = splitEnvelopes(`[${example('osms.payment')}, ${example('citizen.contact')}]`);
    expect(array.map((e) => e.at)).toEqual([{ item: 1 }, { item: 2 }]);
    expect(array.map((e) => JSON.parse(e.body).type)).toEqual(['osms.payment', 'citizen.contact']);
    const ndjson = splitEnvelopes(`${pretty[0]?.body}\n\n{not json\n${array[1]?.body}\n`);
    expect(ndjson.map((e) => e.at)).toEqual([{ line: 1 }, { line: 3 }, { line: 4 }]);
  });

  it('every upstream example in docs/events/examples is one valid envelope as it is', () => {
    for (const name of ['citizen.contact', 'osms.payment', 'pension.funds.credited', 'dkk.conclusion.issued']) {
      const [only, ...rest] = splitEnvelopes(example(name));
      expect(rest).toEqual([]);
      expect(parseUpstreamEventBody(only?.body ?? '').ok, name).toBe(true);
    }
  });
});

describe('ops replay', () => {
  it('posts a JSON array one envelope a line, and keeps duplicates, conflicts and dead letters apart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'replay-'));
    const file = join(dir, 'events.json');
    writeFileSync(file, `[${example('osms.payment')}, ${example('citizen.contact')}, {"type": "x"}]`);
    const posted: string[] = [];
    const summary = await replay(
      ['--file', file],
      async (path, body) => {
        posted.push(`${path} ${body}`);
        return {
          accepted: 1,
          duplicates: 0,
          conflicts: [{ line: 2, event: 'gov4c.contacts#gk-contact-9d41c2' }],
          deadLettered: [],
          pending: 0,
          rejected: [{ line: 3, reason: 'eventId: is required' }],
        };
      },
      () => undefined,
    );
    expect(posted).toHaveLength(1);
    expect(posted[0]?.startsWith('/events ')).toBe(true);
    expect(posted[0]?.slice('/events '.length).split('\n')).toHaveLength(3);
    expect(summary).toEqual({
      file,
      accepted: 1,
      duplicates: 0,
      conflicts: [{ item: 2, event: 'gov4c.contacts#gk-contact-9d41c2' }],
      deadLettered: [],
      pending: 0,
      rejected: [{ item: 3, reason: 'eventId: is required' }],
    });
  });
});

describe('ops explain times', () => {
  it('prints every time as ISO-8601 in Kazakhstan time, whatever form it was stored in', () => {
    expect(kazakhstanTime('2026-06-03T07:00:00.000Z')).toBe('2026-06-03T12:00:00+05:00');
    expect(kazakhstanTime(Date.parse('2026-06-03T07:00:00Z'))).toBe('2026-06-03T12:00:00+05:00');
    expect(kazakhstanTime('2026-06-03T12:00:00+05:00')).toBe('2026-06-03T12:00:00+05:00');
    expect(kazakhstanTime(undefined)).toBeNull();
  });
});

describe("the README's quick start", () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');

  it('keeps the two set-up commands, and is run word for word by .ci/run (not by npm test)', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toMatch(/^npm test\s/m);
    expect(readFileSync(join(root, '.ci', 'run'), 'utf8')).toMatch(/^npx tsx scripts\/readme-quickstart\.ts$/m);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.test).not.toContain('readme-quickstart');
  });

  it("links with the fixture: its citizen.contact gives the README's IIN the phone the chat shares", () => {
    const { commands, chat, iin } = quickStartOf(readme);
    expect(commands).toEqual([
      'npm ci && npm start',
      'npx osms-ops replay --file test/fixtures/events.ndjson',
      'npm run chat',
    ]);
    expect(chat).toEqual(['/start', '/press 3', '/share', iin, '/status']);
    const contacts = readFileSync(join(root, 'test', 'fixtures', 'events.ndjson'), 'utf8')
      .split('\n')
      .filter((line) => line.includes('"citizen.contact"'))
      .map((line) => JSON.parse(line).data);
    // `npm run chat` shares +77015550123 unless told otherwise (tools/chat.ts); the README names it too.
    expect(contacts).toContainEqual({ iin, phone: '+77015550123' });
    expect(readme).toContain('`+77015550123`');
  });
});

describe('quiet test output', () => {
  it('keeps Powertools log lines and EMF metrics off the terminal, and everything else on it', async () => {
    const { isStructuredLine } = await import('../setup/quiet-output');
    expect(isStructuredLine('{"level":"INFO","message":"event stored","service":"ingest"}')).toBe(true);
    expect(isStructuredLine('{"_aws":{"Timestamp":1,"CloudWatchMetrics":[]},"EventsStored":1}')).toBe(true);
    expect(isStructuredLine('{"from":"2026-03-20","deadline":"2026-06-02"}')).toBe(false);
    expect(isStructuredLine('✓ a test passed')).toBe(false);
  });
});
