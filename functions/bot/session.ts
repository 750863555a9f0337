import { lazySession, type MiddlewareFn, type StorageAdapter } from 'grammy';
import type { ChatStore } from '../../shared/app/ports/chat-store';
import { type BotContext, type ChatSession, initialSession } from './context';

/**
 * grammY's session storage over the chat store: the session *is* the chat record (one item, read lazily). grammY
 * writes back every session it read, so this adapter remembers what it read and skips writes that change nothing —
 * `/status` costs one read and no write, and a stranger who never consents leaves no item behind.
 */
export function chatSessionStorage(chats: ChatStore): StorageAdapter<ChatSession> {
  const asRead = new Map<string, string>();
  return {
    read: async (key) => {
      const chat = await chats.getChat(Number(key));
      asRead.set(key, JSON.stringify(chat ?? initialSession(Number(key))));
      return chat;
    },
    write: async (key, value) => {
      const record = { ...value, chatId: Number(key) };
      const unchanged = asRead.get(key) === JSON.stringify(record);
      asRead.delete(key);
      if (!unchanged) await chats.putChat(record);
    },
    delete: async (key) => {
      asRead.delete(key);
      await chats.deleteChat(Number(key));
    },
  };
}

/** The chat record as the session, keyed by chat, read only when a handler asks for it. */
export function chatSession(chats: ChatStore): MiddlewareFn<BotContext> {
  return lazySession({
    storage: chatSessionStorage(chats),
    getSessionKey: (ctx) => ctx.chat?.id.toString(),
    initial: (): ChatSession => initialSession(0),
  });
}
