import { afterAll, expect } from 'vitest';
import { checkIin } from '../../shared/domain/iin';

/**
 * Records everything written to stdout and stderr while a test file runs (Powertools writes its JSON logs and EMF
 * metrics there) and fails the file if any of it contains a valid IIN or a Kazakhstan phone number. This is the
 * proof that no log line, error or metric carries personal data: it checks every line, not just the ones a test
 * thought to look at.
 */
const captured: string[] = [];

function tap(stream: NodeJS.WriteStream): void {
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    captured.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return write(chunk, ...rest);
  }) as typeof stream.write;
}

tap(process.stdout);
tap(process.stderr);

export function personalDataIn(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(?<!\d)\d{12}(?!\d)/g))
    if (checkIin(match[0]).valid) found.push(`IIN ${match[0].slice(0, 2)}…`);
  // +7 7xx …, 7 7xx … and the local 8 7xx … forms, also spaced or punctuated (+7 701 555-01-23).
  for (const match of text.matchAll(/(?<![\d+])(?:\+?7|8)[\s\-()]*7(?:[\s\-()]*\d){9}(?!\d)/g)) {
    found.push(`phone ${match[0].replace(/\D/g, '').slice(0, 3)}…`);
  }
  return found;
}

/** What this test file has written so far (for the test that proves the guard sees Powertools' output). */
export function capturedOutput(): string {
  return captured.join('');
}

afterAll(async () => {
  // Telemetry recorded in memory by the tests counts as written too.
  const { recordedTelemetry } = await import('./sqs');
  const recorded = JSON.stringify(recordedTelemetry.map((t) => [t.lines, t.metrics]));
  expect(personalDataIn(captured.join('') + recorded), 'personal data in logs, errors or metrics').toEqual([]);
});
