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
