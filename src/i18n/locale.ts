/**
 * The widget's languages and the few strings the shell needs before the conversation core
 * (and its string tables) has loaded: the launcher's labels and the panel's loading state. The
 * full tables spread these, so each lives here once.
 */
import type { AlliChatStrings } from './strings.js';

export type AlliChatLocale = 'en' | 'ko' | 'ja';

export type ShellStrings = Pick<AlliChatStrings, 'openChat' | 'openChatUnread' | 'closeChat' | 'panelLoading' | 'panelLoadFailed' | 'retry'>;

/** Picks the nearest supported locale for a BCP 47 tag: `ko-KR` → ko, `ja` → ja, else en. */
export function localeFor(tag: string | null | undefined): AlliChatLocale {
  const primary = (tag ?? '').toLowerCase().split(/[-_]/)[0];
  return primary === 'ko' || primary === 'ja' ? primary : 'en';
}

export const SHELL_STRINGS: Readonly<Record<AlliChatLocale, ShellStrings>> = {
  en: {
    openChat: 'Open chat',
    openChatUnread: (n) => `Open chat, ${n} new ${n === 1 ? 'message' : 'messages'}`,
    closeChat: 'Close chat',
    panelLoading: 'Loading the chat…',
    panelLoadFailed: 'The chat could not be loaded. Check your connection and try again.',
    retry: 'Retry',
  },
  ko: {
    openChat: '채팅 열기',
    openChatUnread: (n) => `채팅 열기, 새 메시지 ${n}개`,
    closeChat: '채팅 닫기',
    panelLoading: '채팅을 불러오는 중…',
    panelLoadFailed: '채팅을 불러오지 못했습니다. 연결을 확인한 뒤 다시 시도해 주세요.',
    retry: '다시 시도',
  },
  ja: {
    openChat: 'チャットを開く',
    openChatUnread: (n) => `チャットを開く（新着メッセージ ${n} 件）`,
    closeChat: 'チャットを閉じる',
    panelLoading: 'チャットを読み込んでいます…',
    panelLoadFailed: 'チャットを読み込めませんでした。接続を確認して、もう一度お試しください。',
    retry: '再試行',
  },
};
