/**
 * The widget's languages and the few strings the launcher needs before the conversation core
 * (and its string tables) has loaded. The full tables spread these, so each lives here once.
 */
import type { AlliChatStrings } from './strings.js';

export type AlliChatLocale = 'en' | 'ko' | 'ja';

export type LauncherStrings = Pick<AlliChatStrings, 'openChat' | 'openChatUnread' | 'closeChat'>;

/** Picks the nearest supported locale for a BCP 47 tag: `ko-KR` → ko, `ja` → ja, else en. */
export function localeFor(tag: string | null | undefined): AlliChatLocale {
  const primary = (tag ?? '').toLowerCase().split(/[-_]/)[0];
  return primary === 'ko' || primary === 'ja' ? primary : 'en';
}

export const LAUNCHER_STRINGS: Readonly<Record<AlliChatLocale, LauncherStrings>> = {
  en: {
    openChat: 'Open chat',
    openChatUnread: (n) => `Open chat, ${n} new ${n === 1 ? 'message' : 'messages'}`,
    closeChat: 'Close chat',
  },
  ko: {
    openChat: '채팅 열기',
    openChatUnread: (n) => `채팅 열기, 새 메시지 ${n}개`,
    closeChat: '채팅 닫기',
  },
  ja: {
    openChat: 'チャットを開く',
    openChatUnread: (n) => `チャットを開く（新着メッセージ ${n} 件）`,
    closeChat: 'チャットを閉じる',
  },
};
