import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { labelCitizens, runCommand } from '../../ops/commands';
import { UsageError } from '../../ops/errors';
import { readIin, runStackCommand } from '../../ops/stack-commands';
import { iinCheckDigit } from '../../shared/domain/iin';
import { type ChildRun, runChild } from '../helpers/child';

const pad2 = (value: number) => String(value).padStart(2, '0');
const root = join(import.meta.dirname, '..', '..');
const fixture = join(root, 'test', 'fixtures', 'events.ndjson');

function usageError(argv: string[]): string {
  try {
    runCommand(argv);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error('expected a usage error');
}

describe('ops CLI commands', () => {
  it('deadline: the N-th working day after a date', () => {
    expect(runCommand(['deadline', '--from', '2026-03-20', '--working-days', '45'])).toEqual({
      from: '2026-03-20',
      workingDays: 45,
      deadline: '2026-06-02',
    });
  });

  it('working-days: counts, weekday days off and worked weekends of a year', () => {
    const year = runCommand(['working-days', '--year', '2024']);
    expect(year).toMatchObject({ year: 2024, workingDays: 249, workedWeekends: ['2024-05-04'], basis: 'published' });
    expect((year as { daysOff: string[] }).daysOff).toContain('2024-05-08');
  });

  it('iin: valid and invalid, always masked', () => {
    expect(runCommand(['iin', '061211600012'])).toEqual({
      valid: true,
      birthDate: '2006-12-11',
      sex: 'female',
      masked: '06••••••••12',
    });
    expect(runCommand(['iin', '061211600013'])).toMatchObject({ valid: false, reason: 'check_digit_mismatch' });
  });

  it('derive: reports bad lines by number and still processes the rest', () => {
    const result = runCommand(['derive', '--events', fixture, '--at', '2026-05-28T12:00+05:00']) as {
      rejected: { line: number; reason: string }[];
      cases: Record<string, { documentsDeadline: string }>;
      citizens: Record<string, unknown>;
    };
    expect(result.rejected.map((r) => r.line)).toEqual([12, 13]);
    expect(result.rejected[0]?.reason).toBe('body: is not valid JSON');
    expect(result.rejected[1]?.reason).toMatch(/^data\.iin: is not a valid IIN/);
    expect(result.cases['OB-1']?.documentsDeadline).toBe('2026-06-02');
  });

  it('derive: keys citizens by a masked IIN with a keyed-hash suffix, and by the IIN only with --reveal', () => {
    const args = ['derive', '--events', fixture, '--at', '2026-05-28T12:00+05:00'];
    const masked = runCommand(args) as { citizens: Record<string, unknown> };
    expect(Object.keys(masked.citizens)).toEqual([expect.stringMatching(/^85••••••••21~[0-9a-f]{4}$/)]);
    expect(JSON.stringify(masked)).not.toContain('850415300121');
    const revealed = runCommand([...args, '--reveal']) as { citizens: Record<string, unknown> };
    expect(Object.keys(revealed.citizens)).toEqual(['850415300121']);
    expect(Object.values(masked.citizens)).toEqual(Object.values(revealed.citizens));
  });

  it('derive labels are unique even when thousands of IINs share one mask, and stable for one key', () => {
    // 3,000 IINs of people born in 1985 whose IINs end in 21: a 4-hex-digit suffix alone would repeat (~70 pairs).
    const sameMask: string[] = [];
    for (let n = 0; sameMask.length < 3000; n++) {
      const [month, day, serial] = [1 + (n % 12), 1 + (Math.floor(n / 12) % 28), 10 * Math.floor(n / 336) + 2];
      const first11 = `85${pad2(month)}${pad2(day)}3${String(serial).padStart(4, '0')}`;
      const check = iinCheckDigit(Array.from(first11, Number));
      if (check === 1) sameMask.push(`${first11}${check}`);
    }
    const secret = Buffer.from('a test key for citizen labels in ops derive');
    const labels = Object.keys(labelCitizens(Object.fromEntries(sameMask.map((iin) => [iin, 1])), secret));
    expect(new Set(labels).size).toBe(sameMask.length);
    for (const label of labels) expect(label).toMatch(/^85••••••••21~[0-9a-f]{4,}$/);
    expect(labels.some((label) => label.length > '85••••••••21~a1b2'.length)).toBe(true);
    const again = Object.keys(labelCitizens(Object.fromEntries(sameMask.map((iin) => [iin, 1])), secret));
    expect(again).toEqual(labels);
  }, 30_000); // 6,000 HMACs and a few label rounds: ~0.3 s idle, 100 times that for a machine under load

  it('takes an operator calendar file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ops-calendar-'));
    const file = join(dir, '2027.json');
    writeFileSync(
      file,
      JSON.stringify({
        year: 2027,
        sources: ['test order'],
        transfers: [{ workedOn: '2027-01-09', dayOffOn: '2027-01-08', source: 'test' }],
      }),
    );
    expect(runCommand(['deadline', '--from', '2027-01-07', '--working-days', '1', '--calendar', file])).toMatchObject({
      deadline: '2027-01-09',
    });
    writeFileSync(file, JSON.stringify({ year: 2027, sources: ['x'], transfers: [], expectedWorkingDays: 200 }));
    expect(usageError(['working-days', '--year', '2027', '--calendar', file])).toBe(
      'calendar 2027: computes 247 working days but the file expects 200: check its holidays and transfers',
    );
    writeFileSync(file, '{"year": 2027}');
    expect(usageError(['deadline', '--from', '2027-01-07', '--working-days', '1', '--calendar', file])).toMatch(
      /^calendar file .*2027\.json: sources: /,
    );
  });

  it.each([
    [['deadline', '--working-days', '5'], '--from is required (YYYY-MM-DD)'],
    [['deadline', '--from', '2026-02-30', '--working-days', '5'], '--from must be a real date YYYY-MM-DD'],
    [
      ['deadline', '--from', '2026-02-03', '--working-days=-5'],
      '--working-days must be a whole number from 0 to 10000',
    ],
    [['working-days', '--year', '26'], '--year must be a year from 1990 to 2200'],
    [['iin'], 'iin takes exactly one IIN'],
    [
      ['derive', '--events', fixture, '--at', '2026-05-28'],
      '--at must be an ISO-8601 date-time with an offset, e.g. 2026-05-10T09:00+05:00',
    ],
    [
      ['derive', '--events', '/nonexistent.ndjson', '--at', '2026-05-28T12:00Z'],
      'events file /nonexistent.ndjson cannot be read (ENOENT)',
    ],
    [['frobnicate'], 'unknown command; expected deadline, working-days, iin, derive, replay, explain or dlq'],
    [
      ['deadline', '--from', '2200-12-31', '--working-days', '1'],
      'calendar 2201: outside the supported range 1990–2200',
    ],
    [
      ['derive', '--events', fixture, '--at', '2201-01-02T00:00+05:00'],
      'calendar 2201: outside the supported range 1990–2200',
    ],
  ])('refuses %j with a clear message', (argv, message) => {
    expect(usageError(argv)).toBe(message);
  });

  it('refuses unknown options', () => {
    expect(usageError(['deadline', '--form', '2026-01-01'])).toMatch(/Unknown option '--form'/);
  });
});

describe('ops explain --iin: the IIN comes from stdin or a prompt, never argv', () => {
  const IIN = '850415300121';

  it.each([[['--iin', IIN]], [[`--iin=${IIN}`]], [['--iin', 'not-an-iin']]])(
    'refuses %j before reading anything, without repeating it',
    async (args) => {
      const refusal = await runStackCommand('explain', args).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refusal).toBeInstanceOf(UsageError);
      expect((refusal as UsageError).message).toMatch(
        /^explain --iin takes no IIN on the command line \(it would stay/,
      );
      expect((refusal as UsageError).message).not.toContain(IIN);
    },
  );

  it('--iin - reads the first line of stdin', async () => {
    const source = { input: Readable.from([`${IIN}\r\n`, 'ignored\n']), prompt: new PassThrough() };
    await expect(readIin('-', source)).resolves.toBe(IIN);
  });

  it('--iin alone asks on a terminal, on the prompt stream, and refuses without a terminal', async () => {
    const prompt = new PassThrough();
    const input = Object.assign(Readable.from([` ${IIN} \n`]), { isTTY: true });
    await expect(readIin('', { input, prompt })).resolves.toBe(IIN);
    expect(prompt.read()?.toString()).toBe('IIN: ');
    await expect(readIin('', { input: Readable.from([`${IIN}\n`]), prompt })).rejects.toThrow(
      'explain --iin alone asks on a terminal; without one, pipe the IIN with --iin -',
    );
  });

  it('refuses what was read when it is not a valid IIN, or when nothing was', async () => {
    const prompt = new PassThrough();
    await expect(readIin('-', { input: Readable.from(['850415300122\n']), prompt })).rejects.toThrow(
      'explain --iin: what was read is not a valid IIN',
    );
    await expect(readIin('-', { input: Readable.from([]), prompt })).rejects.toThrow(
      'explain --iin: no line with an IIN was read',
    );
  });
});

/**
 * A process test's budget comes from what it runs, not from the 5 s default: one `tsx ops/cli.ts` start takes about
 * 2 s on an idle machine (tsx compiles the CLI and the domain on start) and up to ~4 s while other suites load both
 * cores; each run gets 15 times that. The test waits for the process to exit, never for a fixed time.
 */
const CLI_RUN_BUDGET_MS = 60_000;
const tsx = join(root, 'node_modules', '.bin', 'tsx');

/** Runs the CLI as operators do, without `npm run` in between, and resolves when the process has exited. */
function ops(args: readonly string[], stdin = ''): Promise<ChildRun> {
  return runChild(tsx, ['ops/cli.ts', ...args], { cwd: root, stdin });
}

describe('ops CLI process', () => {
  it(
    'prints JSON on stdout and exits 0',
    async () => {
      const { code, stdout } = await ops(['deadline', '--from', '2026-03-20', '--working-days', '45']);
      expect(code).toBe(0);
      expect(JSON.parse(stdout)).toEqual({ from: '2026-03-20', workingDays: 45, deadline: '2026-06-02' });
    },
    CLI_RUN_BUDGET_MS,
  );

  it(
    'exits 2 with the error on stderr and nothing on stdout for bad usage',
    async () => {
      const failure = await ops(['working-days', '--year', 'abc']);
      expect(failure.code).toBe(2);
      expect(failure.stdout).toBe('');
      expect(failure.stderr).toContain('ops: --year must be a year from 1990 to 2200');
    },
    CLI_RUN_BUDGET_MS,
  );

  it(
    'explain refuses an IIN in argv and reads one piped with --iin -',
    async () => {
      const refused = await ops(['explain', '--iin', '850415300121']);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('ops: explain --iin takes no IIN on the command line');
      expect(refused.stderr).not.toContain('850415300121');
      const piped = await ops(['explain', '--iin', '-'], '850415300122\n');
      expect(piped.code).toBe(2);
      expect(piped.stderr).toContain('ops: explain --iin: what was read is not a valid IIN');
      expect(piped.stderr).not.toContain('850415300122');
    },
    2 * CLI_RUN_BUDGET_MS,
  );
});
