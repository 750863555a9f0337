import { Logger } from '@aws-lambda-powertools/logger';
import type { Telemetry } from '../shared/app/ports';

/** What became of one message on the ingest queue, as the ingest handler reported it. */
export type IngestOutcome =
  | { outcome: 'stored' }
  | { outcome: 'duplicate' }
  | { outcome: 'conflict' }
  | { outcome: 'dead_lettered'; reason: string };

/**
 * The local stack's log level: `--verbose` or `LOG_LEVEL` / `POWERTOOLS_LOG_LEVEL` (Powertools' own variables) turn
 * the handlers' structured logs on; without them a normal run prints only the stack's own lines.
 */
export function localLogLevel(verbose: boolean, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const configured = env.POWERTOOLS_LOG_LEVEL || env.LOG_LEVEL;
  if (configured) return configured.toUpperCase();
  return verbose ? 'DEBUG' : undefined;
}

/** The handlers' telemetry: Powertools JSON logs at `level` (counts as debug lines), or nothing without a level. */
export function localTelemetry(level: string | undefined): Telemetry {
  if (level === undefined) return { info() {}, warn() {}, error() {}, count() {} };
  const logger = new Logger({ serviceName: 'local-stack', logLevel: level as 'DEBUG' });
  type Attributes = Parameters<Telemetry['info']>[1];
  // `debug` too, for handlers that report routine outcomes at that level.
  const logged = {
    debug: (message: string, attributes?: Attributes) => logger.debug(message, attributes ?? {}),
    info: (message: string, attributes?: Attributes) => logger.info(message, attributes ?? {}),
    warn: (message: string, attributes?: Attributes) => logger.warn(message, attributes ?? {}),
    error: (message: string, attributes?: Attributes) => logger.error(message, attributes ?? {}),
    count: (metric: string, dimensions?: Record<string, string>) => logger.debug('metric', { metric, ...dimensions }),
  };
  return logged;
}

/**
 * Records, per ingest message id, what the ingest handler did with it — stored, a duplicate, a conflicting version
 * kept for review, or dead-lettered with its reason — from the telemetry it emits, so `POST /events` (and `ops
 * replay`) can report duplicates and conflicts apart from new facts. Reads only the message id and the reason, which
 * carry no personal data.
 */
export class IngestOutcomes {
  readonly #byMessage = new Map<string, IngestOutcome>();
  #lastConflict: string | undefined;

  /** `inner`, with the ingest handler's outcomes recorded on the way. */
  observe(inner: Telemetry): Telemetry {
    type Attributes = Parameters<Telemetry['info']>[1];
    const withDebug = inner as Telemetry & { debug?: Telemetry['info'] };
    const observed = {
      // The handler reports "stored" and "duplicate" at info or debug level, depending on its version.
      debug: (message: string, attributes?: Attributes) => {
        this.#note(message, attributes);
        withDebug.debug?.(message, attributes);
      },
      info: (message: string, attributes?: Attributes) => {
        this.#note(message, attributes);
        inner.info(message, attributes);
      },
      warn: (message: string, attributes?: Attributes) => {
        this.#note(message, attributes);
        inner.warn(message, attributes);
      },
      error: (message: string, attributes?: Attributes) => inner.error(message, attributes),
      count: (metric: string, dimensions?: Record<string, string>) => {
        // A version that is already one of a conflict's versions is counted as a duplicate right after the warning.
        if (this.#lastConflict && metric === 'EventsDuplicate')
          this.#byMessage.set(this.#lastConflict, { outcome: 'duplicate' });
        this.#lastConflict = undefined;
        inner.count(metric, dimensions);
      },
      ...(inner.gauge ? { gauge: inner.gauge.bind(inner) } : {}),
    };
    return observed;
  }

  #note(message: string, attributes: Parameters<Telemetry['info']>[1]): void {
    const id = attributes?.messageId;
    if (typeof id !== 'string') return;
    if (message === 'event stored') this.#byMessage.set(id, { outcome: 'stored' });
    else if (message === 'duplicate event ignored') this.#byMessage.set(id, { outcome: 'duplicate' });
    else if (message.startsWith('conflicting version kept')) {
      this.#byMessage.set(id, { outcome: 'conflict' });
      this.#lastConflict = id;
    } else if (message === 'message rejected and dead-lettered')
      this.#byMessage.set(id, { outcome: 'dead_lettered', reason: String(attributes?.reason ?? 'unknown') });
  }

  /** The outcome of a message (forgotten once taken); undefined while it is still on its queue (being retried). */
  take(messageId: string): IngestOutcome | undefined {
    const outcome = this.#byMessage.get(messageId);
    this.#byMessage.delete(messageId);
    return outcome;
  }
}
