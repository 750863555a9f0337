import type { ChatReturnSignal, DueQueue } from '../app/ports';

/** The bot's "this chat is back" hook: due work that re-sends the reminders that still matter (issue 12 item 4). */
export function dueQueueChatReturns(due: DueQueue): ChatReturnSignal {
  return { chatReturned: (chatId) => due.enqueue([{ kind: 'chat_returned', chatId }]) };
}
