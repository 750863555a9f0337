import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type EnvelopePlace, type EventsAnswer, emptyEventsAnswer, splitEnvelopes } from './envelopes';
import { UsageError } from './errors';

/**
 * What `POST /events` answers for one chunk (tools/local-http.ts); places are 1-based within the chunk (a chunk of
 * one envelope is one JSON document, so its place is `item` 1).
 */
type ChunkPlace = { line?: number; item?: number };

export type ReplaySummary = { file: string } & EventsAnswer;

function readEvents(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`events file ${path} cannot be read (${(error as NodeJS.ErrnoException).code})`, {
      cause: error,
    });
  }
}

/**
 * `replay --file F`: posts a file of events — NDJSON, a JSON array, or one (pretty-printed) envelope — to the local
 * stack in chunks, with a progress bar on stderr; the summary keeps new facts, duplicates, conflicts, dead letters and
 * rejected envelopes apart, each placed by its line (NDJSON) or item (JSON) in the file.
 */
export async function replay(
  args: string[],
  post: (path: string, body: string) => Promise<unknown>,
  progress: (text: string) => void = (text) => process.stderr.write(text),
): Promise<ReplaySummary> {
  const { values } = parseArgs({
    args,
    options: { file: { type: 'string' }, chunk: { type: 'string', default: '200' } },
  });
  if (!values.file) throw new UsageError('replay needs --file FILE (NDJSON, a JSON array or one envelope)');
  const envelopes = splitEnvelopes(readEvents(values.file));
  const size = Math.max(1, Number(values.chunk) || 200);
  const summary: ReplaySummary = { file: values.file, ...emptyEventsAnswer() };
  for (let start = 0; start < envelopes.length; start += size) {
    const chunk = envelopes.slice(start, start + size);
    // One envelope per line: the answer's line n is the chunk's n-th envelope.
    const answer = (await post(
      '/events',
      chunk.map((e) => e.body.replace(/\n/g, ' ')).join('\n'),
    )) as EventsAnswer<ChunkPlace>;
    const placeOf = ({ line, item }: ChunkPlace): EnvelopePlace => {
      const n = line ?? item ?? 0;
      return chunk[n - 1]?.at ?? { line: start + n };
    };
    summary.accepted += answer.accepted;
    summary.duplicates += answer.duplicates;
    summary.pending += answer.pending;
    for (const c of answer.conflicts) summary.conflicts.push({ ...placeOf(c), event: c.event });
    for (const d of answer.deadLettered) summary.deadLettered.push({ ...placeOf(d), reason: d.reason });
    for (const r of answer.rejected) summary.rejected.push({ ...placeOf(r), reason: r.reason });
    const done = Math.min(envelopes.length, start + size);
    const filled = Math.round((done / envelopes.length) * 30);
    progress(`\r[${'#'.repeat(filled)}${' '.repeat(30 - filled)}] ${done}/${envelopes.length} events`);
  }
  progress('\n');
  return summary;
}
