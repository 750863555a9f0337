import type { Transformer } from 'grammy';

/**
 * Paces the sender's messages below Telegram's limits (docs/notifications.md, "Pacing"). Telegram counts a sliding
 * window — about 30 messages per second per bot, about one per second per chat — so sends are spread evenly
 * (`intervalMs` apart) instead of refilled per fixed second, which bursts at the window's edge and earns 429s.
 */

/** Telegram's free broadcast limit per bot; only paid broadcast (`allow_paid_broadcast`) goes above it. */
export const TELEGRAM_FREE_MESSAGES_PER_SECOND = 30;
/** Between two messages to one chat: Telegram's one per second, with a margin for the request's trip. */
export const CHAT_SPACING_MS = 1050;

/** Time as the pacer sees it: the system clock in Lambda, a virtual one in tests. */
export interface PacerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemPacerClock: PacerClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface SenderBudget {
  /** Messages per second for all sender instances together (`SENDER_MESSAGES_PER_SECOND`). */
  messagesPerSecond: number;
  /** Instances sharing that budget: the notify event source's maximum concurrency (`SENDER_INSTANCES`). */
  instances: number;
  /** The operator allowed paid broadcast (`ALLOW_PAID_BROADCAST`); without it the budget stops at the free limit. */
  paidBroadcast: boolean;
}

/** One instance's share of the sender's budget, in messages per second. */
export function perInstanceRate(budget: SenderBudget): number {
  const overall = budget.paidBroadcast
    ? budget.messagesPerSecond
    : Math.min(budget.messagesPerSecond, TELEGRAM_FREE_MESSAGES_PER_SECOND);
  return overall / Math.max(1, Math.floor(budget.instances));
}

export interface SendPacerOptions {
  /** This instance's rate (see {@link perInstanceRate}). */
  messagesPerSecond: number;
  chatSpacingMs?: number;
  clock?: PacerClock;
}

/**
 * Hands out send times: any two sends at least `intervalMs` apart, two sends to one chat at least `chatSpacingMs`
 * apart. A send that must wait for its chat does not hold up the others: they take the free slots before it.
 */
export class SendPacer {
  readonly intervalMs: number;
  readonly chatSpacingMs: number;
  readonly #clock: PacerClock;
  /** Reserved send times, ascending, from about `now − 2 × intervalMs` on. */
  readonly #slots: number[] = [];
  /** The earliest time each chat may get its next message. */
  readonly #chatReadyAt = new Map<string, number>();
  /** When sends actually went out during the last second, oldest first. */
  readonly #sentAt: number[] = [];
  /** Most sends let out in any sliding second: the even schedule's own count, never more. */
  readonly windowCap: number;

  constructor(options: SendPacerOptions) {
    if (!(options.messagesPerSecond > 0)) throw new RangeError('messagesPerSecond must be positive');
    this.intervalMs = 1000 / options.messagesPerSecond;
    this.chatSpacingMs = options.chatSpacingMs ?? CHAT_SPACING_MS;
    this.#clock = options.clock ?? systemPacerClock;
    this.windowCap = Math.max(1, Math.ceil(options.messagesPerSecond));
  }

  /**
   * Reserves the earliest send time that keeps both spacings, and returns it (never before now). While sends are
   * flowing, the even grid continues from the last slot that came due, even if its next slot is already past (up to
   * one interval: older slots are forgotten), so the moment an instance spends between two SQS batches is made up
   * instead of lost; it goes now. After an idle spell the grid restarts at now: no burst. The late-timer cap in
   * {@link acquire} bounds any second either way.
   */
  reserve(chatId?: number | string): number {
    const now = this.#clock.now();
    this.#forgetBefore(now);
    const chat = chatId === undefined ? undefined : String(chatId);
    const due = this.#slots.findLast((slot) => slot <= now);
    const earliest = due === undefined ? now : due + this.intervalMs;
    let at = Math.max(earliest, (chat === undefined ? undefined : this.#chatReadyAt.get(chat)) ?? earliest);
    let index = 0;
    for (; index < this.#slots.length; index++) {
      const slot = this.#slots[index] ?? 0;
      if (slot <= at - this.intervalMs) continue;
      if (slot >= at + this.intervalMs) break;
      at = slot + this.intervalMs;
    }
    this.#slots.splice(index, 0, at);
    const sendAt = Math.max(at, now);
    if (chat !== undefined) this.#chatReadyAt.set(chat, sendAt + this.chatSpacingMs);
    return sendAt;
  }

  /**
   * Waits for this send's time, then lets it out only if the last second holds fewer than `windowCap` sends: timers
   * that fire late (a busy event loop, a GC pause) would otherwise let several reserved sends out together.
   */
  async acquire(chatId?: number | string): Promise<void> {
    const at = this.reserve(chatId);
    const wait = at - this.#clock.now();
    if (wait > 0) await this.#clock.sleep(wait);
    for (;;) {
      const now = this.#clock.now();
      while ((this.#sentAt[0] ?? now) <= now - 1000) this.#sentAt.shift();
      const oldest = this.#sentAt[0];
      if (oldest === undefined || this.#sentAt.length < this.windowCap) break;
      await this.#clock.sleep(oldest + 1000 - now);
    }
    this.#sentAt.push(this.#clock.now());
  }

  /** Chats remembered for spacing (tests check that the memory stays bounded). */
  get trackedChats(): number {
    return this.#chatReadyAt.size;
  }

  #forgetBefore(now: number): void {
    let stale = 0;
    // A slot can still be taken back to `now − interval`, so only slots before `now − 2 × interval` are done with.
    while (stale < this.#slots.length && (this.#slots[stale] ?? 0) <= now - 2 * this.intervalMs) stale++;
    if (stale > 0) this.#slots.splice(0, stale);
    if (this.#chatReadyAt.size < 256) return;
    for (const [chat, readyAt] of this.#chatReadyAt) if (readyAt <= now) this.#chatReadyAt.delete(chat);
  }
}

/** Methods that put a message into a chat; everything else (getMe, edits, answers) passes unpaced. */
const PACED_METHOD = /^(send(?!ChatAction)|copyMessage|forwardMessage)/;

/**
 * grammY API transformer: each outgoing message waits for its time from the pacer. Install it before auto-retry, so a
 * retried send is paced again after its `retry_after`.
 */
export function pacingTransformer(pacer: SendPacer): Transformer {
  return async (prev, method, payload, signal) => {
    if (PACED_METHOD.test(method)) {
      const chatId = (payload as { chat_id?: number | string } | undefined)?.chat_id;
      await pacer.acquire(chatId);
    }
    return prev(method, payload, signal);
  };
}
