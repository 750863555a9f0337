import { describe, expect, it } from 'vitest';
import { mixedEventStream } from '../../bench/scenarios';
import { openReviewItems } from '../../shared/app/review';
import { caseView } from '../../shared/app/views';
import type { UpstreamEvent } from '../../shared/domain/events';
import { at } from '../helpers/events';
import { InMemoryNotify } from '../helpers/in-memory-notify';

describe('the ingest bench’s mixed stream (bench/scenarios.ts)', () => {
  it('has ДКК conclusions that take the real path: none held, named or case-less, each attached to its case', async () => {
    const stream = mixedEventStream(2_000);
    const caseMessages = stream.filter((message) => /^(pension|dkk)\./.test(message.kind));
    const conclusions = caseMessages.filter((message) => message.kind.startsWith('dkk.conclusion.issued'));
    expect(conclusions.length).toBeGreaterThan(20);
    expect(conclusions.some((message) => message.kind === 'dkk.conclusion.issued (no caseId)')).toBe(true);
    expect(conclusions.some((message) => message.kind === 'dkk.conclusion.issued')).toBe(true);

    const world = new InMemoryNotify(at('2026-05-01T10:00'));
    await world.ingest(...caseMessages.map((message) => JSON.parse(message.body) as UpstreamEvent));

    expect(await openReviewItems(world.facts)).toEqual([]);
    expect(world.deadLetters.letters).toEqual([]);
    for (const message of conclusions) {
      const { conclusionId } = (JSON.parse(message.body) as { data: { conclusionId: string } }).data;
      const view = await caseView({ ...world, at: world.now }, conclusionId.replace(/^D-/, 'OB-'));
      expect(view?.dkk.map((conclusion) => conclusion.conclusionId)).toEqual([conclusionId]);
    }
  });
});
