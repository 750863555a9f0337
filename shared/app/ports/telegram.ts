export class ChatUnreachableError extends Error {
  constructor(description: string) {
    super(`telegram: chat unreachable (${description})`);
    this.name = 'ChatUnreachableError';
  }
}

/** Telegram refused the request itself (400): sending it again cannot help. */
export class MessageRejectedError extends Error {
  constructor(description: string) {
    super(`telegram: message rejected (${description})`);
    this.name = 'MessageRejectedError';
  }
}

export interface TelegramSender {
  sendText(chatId: number, text: string): Promise<{ messageId: number }>;
}
