import { describe, expect, it } from 'vitest';
import {
  CHAT_SPACING_MS,
  type PacerClock,
  pacingTransformer,
  perInstanceRate,
  SendPacer,
} from '../../shared/adapters/send-pacer';
import { SlidingWindow } from '../../tools/fake-telegram-http';

/** A clock that moves only when told to, or when someone sleeps on it (the sleep is recorded and takes no real time). */
class VirtualClock implements PacerClock {
  readonly sleeps: number[] = [];
  constructor(public time = 0) {}
  now(): number {
    return this.time;
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.time += ms;
  }
}

const pacerAt = (messagesPerSecond: number, clock = new VirtualClock()) =>
  ({ clock, pacer: new SendPacer({ messagesPerSecond, clock }) }) as const;

/** Most sends any sliding second holds, counted as Telegram and the fake count: the window (t − 1000, t]. */
function busiestSecond(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let first = 0;
  for (const [last, end] of sorted.entries()) {
    while ((sorted[first] ?? end) <= end - 1000) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

describe('send pacer: the schedule', () => {
  it('spreads a burst of sends evenly at the budget, never two in one interval', () => {
    const { pacer } = pacerAt(27);
    const starts = Array.from({ length: 10 }, (_, n) => pacer.reserve(100 + n));
    expect(pacer.intervalMs).toBeCloseTo(37.04, 2);
    for (const [n, start] of starts.entries()) expect(start).toBeCloseTo((n * 1000) / 27, 6);
  });

  it('keeps every sliding second at the budget, so the fake Bot API (30/s) never answers 429', () => {
    const { pacer } = pacerAt(27);
    const starts = Array.from({ length: 2_000 }, (_, n) => pacer.reserve(5_000 + (n % 500)));
    expect(busiestSecond(starts)).toBeLessThanOrEqual(28);
    const telegram = new SlidingWindow(30);
    for (const start of starts) {
      expect(telegram.retryAfter(start)).toBe(0);
      telegram.record(start);
    }
    // 2,000 messages at 27/s: the last starts after 1999/27 s, not sooner (no burst) and not later (no idle slot).
    expect(starts.at(-1)).toBeCloseTo((1999 * 1000) / 27, 3);
  });

  it('keeps 1.05 s between two messages to one chat, and lets other chats take the slots in between', () => {
    const { pacer } = pacerAt(27);
    const first = pacer.reserve(1);
    const second = pacer.reserve(1);
    const other = pacer.reserve(2);
    expect(second - first).toBe(CHAT_SPACING_MS);
    expect(other).toBeCloseTo(1000 / 27, 6);
    const third = pacer.reserve(1);
    expect(third - second).toBe(CHAT_SPACING_MS);
  });

  it('does not catch up after an idle spell: the next sends start now, one interval apart', () => {
    const { pacer, clock } = pacerAt(27);
    for (let n = 0; n < 5; n++) pacer.reserve(n);
    clock.time = 60_000;
    const starts = [pacer.reserve(10), pacer.reserve(11), pacer.reserve(12)];
    expect(starts[0]).toBe(60_000);
    expect(starts[1]).toBeCloseTo(60_000 + 1000 / 27, 6);
    expect(starts[2]).toBeCloseTo(60_000 + 2000 / 27, 6);
  });

  it('makes up the time between two batches, up to one interval, while sends are flowing', () => {
    const { pacer, clock } = pacerAt(27);
    const interval = 1000 / 27;
    for (let n = 0; n < 10; n++) pacer.reserve(n);
    const lastOfBatch = 9 * interval;
    // The next batch's first send is ready 60 ms after the last slot: it takes the grid's next slot (already past)
    // and goes at once; the one after it keeps the grid, so ten sends still take ten intervals.
    clock.time = lastOfBatch + 60;
    expect(pacer.reserve(20)).toBe(clock.time);
    expect(pacer.reserve(21)).toBeCloseTo(lastOfBatch + 2 * interval, 6);
    // A gap of more than two intervals is idle time: nothing is made up.
    clock.time = lastOfBatch + 2 * interval + 200;
    expect(pacer.reserve(22)).toBe(clock.time);
    expect(pacer.reserve(23)).toBeCloseTo(clock.time + interval, 6);
  });

  it('never hands out a time in the past', () => {
    const { pacer, clock } = pacerAt(27);
    pacer.reserve(1);
    clock.time = 10;
    expect(pacer.reserve(2)).toBeCloseTo(1000 / 27, 6);
    clock.time = 500;
    expect(pacer.reserve(3)).toBe(500);
  });

  it('forgets chats whose spacing has passed, so a long-lived instance does not grow', () => {
    const { pacer, clock } = pacerAt(1000);
    for (let n = 0; n < 5_000; n++) {
      pacer.reserve(n);
      clock.time += 10;
    }
    expect(pacer.trackedChats).toBeLessThan(400);
  });

  it('refuses a budget that is not a positive rate', () => {
    expect(() => new SendPacer({ messagesPerSecond: 0 })).toThrow(RangeError);
  });
});

/** An event loop that wakes only every `stepMs`: every timer due by then fires at once, as on a busy or paused process. */
class LateClock implements PacerClock {
  time = 0;
  readonly #sleepers: { wake: number; resolve: () => void }[] = [];
  now(): number {
    return this.time;
  }
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.#sleepers.push({ wake: this.time + ms, resolve }));
  }
  /** Runs until no one sleeps: jumps `stepMs` at a time and wakes everyone due. */
  async run(stepMs: number): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    while (this.#sleepers.length > 0) {
      this.time += stepMs;
      const due = this.#sleepers.filter((s) => s.wake <= this.time);
      for (const sleeper of due) {
        this.#sleepers.splice(this.#sleepers.indexOf(sleeper), 1);
        sleeper.resolve();
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

describe('send pacer: late timers', () => {
  it('lets no more than the budget out in any second when late timers release reserved sends together', async () => {
    const clock = new LateClock();
    const pacer = new SendPacer({ messagesPerSecond: 27, clock });
    const sentAt: number[] = [];
    const sends = Array.from({ length: 120 }, (_, n) => pacer.acquire(n).then(() => sentAt.push(clock.now())));
    await clock.run(250);
    await Promise.all(sends);
    expect(sentAt).toHaveLength(120);
    expect(pacer.windowCap).toBe(27);
    expect(busiestSecond(sentAt)).toBeLessThanOrEqual(27);
  });
});

describe('send pacer: the budget per instance', () => {
  it("splits the sender's budget across its instances", () => {
    expect(perInstanceRate({ messagesPerSecond: 27, instances: 1, paidBroadcast: false })).toBe(27);
    expect(perInstanceRate({ messagesPerSecond: 27, instances: 2, paidBroadcast: false })).toBe(13.5);
    expect(perInstanceRate({ messagesPerSecond: 27, instances: 3, paidBroadcast: false })).toBe(9);
  });

  it("keeps two instances together at the budget in every sliding second, leaving the replies' share", () => {
    const rate = perInstanceRate({ messagesPerSecond: 27, instances: 2, paidBroadcast: false });
    const clock = new VirtualClock();
    const a = new SendPacer({ messagesPerSecond: rate, clock });
    const b = new SendPacer({ messagesPerSecond: rate, clock });
    const starts: number[] = [];
    for (let n = 0; n < 1_000; n++) starts.push(a.reserve(2 * n), b.reserve(2 * n + 1));
    expect(b.intervalMs).toBeCloseTo(1000 / 13.5, 6);
    // Both instances start at the same instant and stay in step: the worst case for Telegram's window.
    expect(busiestSecond(starts)).toBeLessThanOrEqual(28);
  });

  it("stops at Telegram's free 30/s unless the operator allowed paid broadcast", () => {
    expect(perInstanceRate({ messagesPerSecond: 100, instances: 2, paidBroadcast: false })).toBe(15);
    expect(perInstanceRate({ messagesPerSecond: 100, instances: 2, paidBroadcast: true })).toBe(50);
  });
});

describe('send pacer: as a grammY transformer', () => {
  const answer = { ok: true as const, result: true as never };

  it('waits for each message its time, to each chat its spacing, and lets other methods pass unpaced', async () => {
    const { pacer, clock } = pacerAt(27);
    const transformer = pacingTransformer(pacer);
    const calls: { method: string; at: number }[] = [];
    const prev = async (method: string) => {
      calls.push({ method, at: clock.now() });
      return answer;
    };
    await transformer(prev as never, 'sendMessage', { chat_id: 1, text: 'a' } as never);
    await transformer(prev as never, 'sendMessage', { chat_id: 2, text: 'b' } as never);
    await transformer(prev as never, 'getMe', undefined as never);
    await transformer(prev as never, 'sendChatAction', { chat_id: 1, action: 'typing' } as never);
    await transformer(prev as never, 'sendMessage', { chat_id: 1, text: 'c' } as never);
    expect(calls.map((c) => c.method)).toEqual([
      'sendMessage',
      'sendMessage',
      'getMe',
      'sendChatAction',
      'sendMessage',
    ]);
    expect(calls[0]?.at).toBe(0);
    expect(calls[1]?.at).toBeCloseTo(1000 / 27, 6);
    expect(calls[2]?.at).toBe(calls[1]?.at);
    expect(calls[3]?.at).toBe(calls[1]?.at);
    expect(calls[4]?.at).toBe(CHAT_SPACING_MS);
    expect(clock.sleeps).toHaveLength(2);
  });
});
