/**
 * Keeps the handlers' structured output — Powertools JSON log lines and EMF metric documents — off the terminal of a
 * normal test run, so `npm test` shows the tests. It runs before the privacy guard (vitest.config.ts), which wraps
 * this writer: the guard still reads every line the code wrote, whatever is shown. `LOG_LEVEL` or
 * `POWERTOOLS_LOG_LEVEL` set for the run shows everything again.
 */
/** A Powertools JSON log line or an EMF metrics document (what the handlers write), not a test's own output. */
export function isStructuredLine(line: string): boolean {
  if (!line.startsWith('{')) return false;
  try {
    const value = JSON.parse(line) as Record<string, unknown>;
    return typeof value === 'object' && value !== null && ('_aws' in value || ('level' in value && 'message' in value));
  } catch {
    return false;
  }
}

function quiet(stream: NodeJS.WriteStream): void {
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    const shown = text
      .split('\n')
      .filter((line) => !isStructuredLine(line.trim()))
      .join('\n');
    if (shown.trim() === '') {
      // Nothing left to show: the write still completes for the caller.
      const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }
    return write(shown === text ? chunk : shown, ...rest);
  }) as typeof stream.write;
}

if (!process.env.LOG_LEVEL && !process.env.POWERTOOLS_LOG_LEVEL) {
  quiet(process.stdout);
  quiet(process.stderr);
}
