import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../ops/commands';
import { UsageError } from '../../ops/errors';

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
    expect(Object.keys(result.citizens)).toEqual(['850415300121']);
  });

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

describe('ops CLI process', () => {
  const run = promisify(execFile);
  const ops = (...args: string[]) => run('npm', ['run', '--silent', 'ops', '--', ...args], { cwd: root });

  it('prints JSON on stdout and exits 0', async () => {
    const { stdout } = await ops('deadline', '--from', '2026-03-20', '--working-days', '45');
    expect(JSON.parse(stdout)).toEqual({ from: '2026-03-20', workingDays: 45, deadline: '2026-06-02' });
  });

  it('exits 2 with the error on stderr and nothing on stdout for bad usage', async () => {
    const failure = await ops('working-days', '--year', 'abc').then(
      () => undefined,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stdout).toBe('');
    expect(failure?.stderr).toContain('ops: --year must be a year from 1990 to 2200');
  });
});
