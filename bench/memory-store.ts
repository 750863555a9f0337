/**
 * @deprecated The in-memory fact store lives in `test/helpers/in-memory-fact-store.ts` (issue 11 item 5); this alias
 * only serves `bench/ingest.ts` until it imports from there. Delete then.
 */
export { InMemoryFactStore as MemoryFactStore } from '../test/helpers/in-memory-fact-store';
