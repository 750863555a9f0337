import { autoRetry } from '@grammyjs/auto-retry';
import { Api, GrammyError, HttpError } from 'grammy';

/** Telegram refused for good: the chat blocked the bot or is gone (403). Stop writing to it. */
import { ChatUnreachableError, MessageRejectedError, type TelegramSender } from '../app/ports/telegram';
import { type PacerClock, pacingTransformer, perInstanceRate, type SenderBudget, SendPacer } from './send-pacer';

export { ChatUnreachableError, MessageRejectedError, type TelegramSender };

/** The sender's share of the bot's ~30 messages/s; the rest is left for the webhook's replies. */
export const DEFAULT_SENDER_BUDGET: SenderBudget = { messagesPerSecond: 27, instances: 1, paidBroadcast: false };

export interface TelegramOptions {
  token: string;
  /** The Bot API root; the fake on 127.0.0.1 in tests and the local stack. */
  apiRoot?: string;
  /** Longest wait for a `retry_after` before the message goes back to its queue instead. */
  maxRetryDelaySeconds?: number;
  /** Pace sends below Telegram's limits (on by default; simulated-time tests turn it off). */
  throttle?: boolean;
  /** The sender's budget over all instances and how many share it ({@link DEFAULT_SENDER_BUDGET} for what is missing). */
  budget?: Partial<SenderBudget>;
  /** The pacer's clock (tests). */
  clock?: PacerClock;
  /** Per request (default 10 s). */
  timeoutSeconds?: number;
}

export interface GrammyTelegramSender extends TelegramSender {
  /** The same sender and pacer, with `allow_paid_broadcast` on each message (the operator's option, see docs). */
  readonly paidBroadcast: TelegramSender;
}

/**
 * Sends through grammY's `Api` with our pacer (shared/adapters/send-pacer.ts: this instance's share of the budget,
 * spread evenly, ≥ 1.05 s between messages to one chat) and, outside it, the auto-retry plugin (429 waits
 * `retry_after` up to 30 s and the retry is paced again; 5xx retry with back-off, 3 times; a send is thus bounded to
 * about two minutes, well inside the notification claim's lease). 403 and 400 become typed errors the sender handles;
 * anything else is thrown so the queue retries.
 */
export function grammyTelegramSender(options: TelegramOptions): GrammyTelegramSender {
  // A bounded wait per request: a hung connection goes back to the queue instead of holding the function.
  const api = new Api(options.token, {
    timeoutSeconds: options.timeoutSeconds ?? 10,
    ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}),
  });
  if (options.throttle !== false) {
    const budget = { ...DEFAULT_SENDER_BUDGET, ...options.budget };
    const pacer = new SendPacer({
      messagesPerSecond: perInstanceRate(budget),
      ...(options.clock ? { clock: options.clock } : {}),
    });
    api.config.use(pacingTransformer(pacer));
  }
  // Installed last, so it wraps the pacer. Network errors are rethrown (auto-retry would retry them without limit);
  // the queue redelivers instead.
  api.config.use(
    autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: options.maxRetryDelaySeconds ?? 30, rethrowHttpErrors: true }),
  );
  const send = async (chatId: number, text: string, paidBroadcast: boolean) => {
    try {
      const message = await api.sendMessage(chatId, text, {
        link_preview_options: { is_disabled: true },
        ...(paidBroadcast ? { allow_paid_broadcast: true } : {}),
      });
      return { messageId: message.message_id };
    } catch (error) {
      if (error instanceof GrammyError && error.error_code === 403) throw new ChatUnreachableError(error.description);
      if (error instanceof GrammyError && error.error_code === 400) throw new MessageRejectedError(error.description);
      if (error instanceof HttpError)
        throw new Error(`telegram: network error (${(error.error as Error).name})`, { cause: error });
      throw error;
    }
  };
  return {
    sendText: (chatId, text) => send(chatId, text, false),
    paidBroadcast: { sendText: (chatId, text) => send(chatId, text, true) },
  };
}
