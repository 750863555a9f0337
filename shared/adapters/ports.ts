/**
 * @deprecated The ports live in `shared/app/ports.ts` (issue 11 item 5) and the in-memory change sink in
 * `test/helpers/in-memory-sinks.ts`. Kept only until the remaining importers (ingest, bot, ops, tools, bench) import
 * from there; delete then.
 */
export type { ChangeSink, DeadLetter, DeadLetterSink, Telemetry } from '../app/ports';
