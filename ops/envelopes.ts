/**
 * The envelopes of a file or a request body, in the three forms integrators have at hand: one envelope (compact or
 * pretty-printed, as the files in `docs/events/examples/`), a JSON array of envelopes, or NDJSON (one per line).
 * Each comes back compact, with where it was: `line` (NDJSON) or `item` (1-based, in the array or the single
 * document), so a rejection points at the place an operator can find in the file.
 */
export interface PlacedEnvelope {
  /** The envelope as one line of JSON, or the NDJSON line as it was (a bad line stays as it is, to be rejected). */
  body: string;
  at: EnvelopePlace;
}

export type EnvelopePlace = { line: number } | { item: number };

/**
 * What became of posted envelopes, each placed by its line (NDJSON) or item (JSON): what `POST /events` answers
 * (tools/local-http.ts) and, summed over the chunks, what `ops replay` prints.
 */
// A type, not an interface: `ops replay` prints it as one of the CLI's JSON documents (`CommandOutput`).
export type EventsAnswer<Place = EnvelopePlace> = {
  /** New facts stored. */
  accepted: number;
  /** Already stored as they are: the same id with the same content. */
  duplicates: number;
  /** A different version of a stored id, kept beside it for review (`review list`). */
  conflicts: (Place & { event: string })[];
  /** Valid envelopes the ingest refused, with the reason (e.g. `source_not_allowed`). */
  deadLettered: (Place & { reason: string })[];
  /** Still being retried by the stack (as SQS would) when the answer was made. */
  pending: number;
  /** Not envelopes: not JSON, or not valid against the contract. */
  rejected: (Place & { reason: string })[];
};

export function emptyEventsAnswer<Place = EnvelopePlace>(): EventsAnswer<Place> {
  return { accepted: 0, duplicates: 0, conflicts: [], deadLettered: [], pending: 0, rejected: [] };
}

export function splitEnvelopes(text: string): PlacedEnvelope[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let whole: unknown;
    try {
      whole = JSON.parse(trimmed);
    } catch {
      whole = undefined; // not one JSON document: NDJSON (or nonsense, rejected line by line)
    }
    if (whole !== undefined) {
      return (Array.isArray(whole) ? whole : [whole]).map((envelope, index) => ({
        body: JSON.stringify(envelope),
        at: { item: index + 1 },
      }));
    }
  }
  return text
    .split('\n')
    .flatMap((line, index) => (line.trim() === '' ? [] : [{ body: line, at: { line: index + 1 } }]));
}
