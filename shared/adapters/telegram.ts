import { autoRetry } from '@grammyjs/auto-retry';
import { apiThrottler } from '@grammyjs/transformer-throttler';
import { Api, GrammyError, HttpError } from 'grammy';

/** Telegram refused for good: the chat blocked the bot or is gone (403). Stop writing to it. */
import { ChatUnreachableError, MessageRejectedError, type TelegramSender } from '../app/ports/telegram';

export { ChatUnreachableError, MessageRejectedError, type TelegramSender };

export interface TelegramOptions {
  token: string;
  /** The Bot API root; the fake on 127.0.0.1 in tests and the local stack. */
  apiRoot?: string;
  /** Longest wait for a `retry_after` before the message goes back to its queue instead. */
  maxRetryDelaySeconds?: number;
  /** Pace sends below Telegram's limits (on by default; simulated-time tests turn it off). */
  throttle?: boolean;
  /** Per request (default 10 s). */
  timeoutSeconds?: number;
}

/**
 * Sends through grammY's `Api` with the auto-retry plugin (429 waits `retry_after` up to 30 s; 5xx retry with back-off,
 * 3 times; a send is thus bounded to about two minutes, well inside the notification claim's lease) and the throttler (below Telegram's ~30 messages/s overall and ~1/s per chat, per instance — the
 * function's concurrency caps the rest). 403 and 400 become typed errors the sender handles; anything else is thrown
 * so the queue retries.
 */
export function grammyTelegramSender(options: TelegramOptions): TelegramSender {
  // A bounded wait per request: a hung connection goes back to the queue instead of holding the function.
  const api = new Api(options.token, {
    timeoutSeconds: options.timeoutSeconds ?? 10,
    ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}),
  });
  if (options.throttle !== false) api.config.use(apiThrottler());
  // Network errors are rethrown (auto-retry would retry them without limit); the queue redelivers instead.
  api.config.use(
    autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: options.maxRetryDelaySeconds ?? 30, rethrowHttpErrors: true }),
  );
  return {
    async sendText(chatId, text) {
      try {
        const message = await api.sendMessage(chatId, text, { link_preview_options: { is_disabled: true } });
        return { messageId: message.message_id };
      } catch (error) {
        if (error instanceof GrammyError && error.error_code === 403) throw new ChatUnreachableError(error.description);
        if (error instanceof GrammyError && error.error_code === 400) throw new MessageRejectedError(error.description);
        if (error instanceof HttpError)
          throw new Error(`telegram: network error (${(error.error as Error).name})`, { cause: error });
        throw error;
      }
    },
  };
}
