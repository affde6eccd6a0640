/**
 * Every user-facing string of the widget, in English, Korean and Japanese.
 * Hosts override any of them through the element's `i18n` property.
 */
export interface AlliChatStrings {
  title: string;
  newConversation: string;
  transcriptLabel: string;
  inputLabel: string;
  inputPlaceholder: string;
  inputPlaceholderChoose: string;
  send: string;
  stop: string;
  retry: string;
  notSent: string;
  sending: string;
  replying: string;
  replied: string;
  stopped: string;
  interrupted: string;
  ended: string;
  startOver: string;
  waitAgent: string;
  optionsLabel: (count: number) => string;
  confirmChoices: string;
  chosen: string;
  sources: string;
  page: (n: number) => string;
  opensInNewTab: string;
  you: string;
  bot: string;
  errorGeneric: string;
  errorNetwork: string;
  errorSignIn: string;
  errorRateLimited: (seconds: number) => string;
  errorServer: string;
  dismiss: string;
  loading: string;
}

export type AlliChatLocale = 'en' | 'ko' | 'ja';

const en: AlliChatStrings = {
  title: 'Alli',
  newConversation: 'New conversation',
  transcriptLabel: 'Conversation',
  inputLabel: 'Message',
  inputPlaceholder: 'Type a message…',
  inputPlaceholderChoose: 'Choose an option above',
  send: 'Send',
  stop: 'Stop',
  retry: 'Retry',
  notSent: 'Not sent',
  sending: 'Sending…',
  replying: 'Alli is replying…',
  replied: 'Alli replied',
  stopped: 'Stopped',
  interrupted: 'The answer was interrupted.',
  ended: 'This conversation has ended.',
  startOver: 'Start over',
  waitAgent: 'A person will answer you here shortly.',
  optionsLabel: (count) => `${count} ${count === 1 ? 'option' : 'options'}`,
  confirmChoices: 'Confirm',
  chosen: 'Chosen',
  sources: 'Sources',
  page: (n) => `p. ${n}`,
  opensInNewTab: '(opens in a new tab)',
  you: 'You',
  bot: 'Alli',
  errorGeneric: 'Something went wrong.',
  errorNetwork: 'You seem to be offline. Check your connection and try again.',
  errorSignIn: 'Your chat session could not be signed in. Reload the page and try again.',
  errorRateLimited: (s) => `Too many messages right now. Try again in ${s} s.`,
  errorServer: 'Alli is having trouble answering. Try again in a moment.',
  dismiss: 'Dismiss',
  loading: 'Loading…',
};

const ko: AlliChatStrings = {
  title: 'Alli',
  newConversation: '새 대화',
  transcriptLabel: '대화 내용',
  inputLabel: '메시지',
  inputPlaceholder: '메시지를 입력하세요…',
  inputPlaceholderChoose: '위에서 항목을 선택해 주세요',
  send: '보내기',
  stop: '중지',
  retry: '다시 보내기',
  notSent: '전송 실패',
  sending: '보내는 중…',
  replying: 'Alli가 답변하는 중…',
  replied: 'Alli의 답변',
  stopped: '중지됨',
  interrupted: '답변이 중간에 끊겼습니다.',
  ended: '대화가 종료되었습니다.',
  startOver: '처음부터 다시 하기',
  waitAgent: '곧 상담원이 답변해 드립니다.',
  optionsLabel: (count) => `선택지 ${count}개`,
  confirmChoices: '선택 완료',
  chosen: '선택함',
  sources: '출처',
  page: (n) => `${n}쪽`,
  opensInNewTab: '(새 탭에서 열림)',
  you: '나',
  bot: 'Alli',
  errorGeneric: '문제가 발생했습니다.',
  errorNetwork: '인터넷 연결이 끊긴 것 같습니다. 연결을 확인한 뒤 다시 시도해 주세요.',
  errorSignIn: '채팅에 로그인하지 못했습니다. 페이지를 새로 고친 뒤 다시 시도해 주세요.',
  errorRateLimited: (s) => `요청이 많아 잠시 기다려야 합니다. ${s}초 후에 다시 시도해 주세요.`,
  errorServer: 'Alli가 지금 답변하기 어렵습니다. 잠시 후 다시 시도해 주세요.',
  dismiss: '닫기',
  loading: '불러오는 중…',
};

const ja: AlliChatStrings = {
  title: 'Alli',
  newConversation: '新しい会話',
  transcriptLabel: '会話',
  inputLabel: 'メッセージ',
  inputPlaceholder: 'メッセージを入力…',
  inputPlaceholderChoose: '上の選択肢からお選びください',
  send: '送信',
  stop: '停止',
  retry: '再送信',
  notSent: '送信できませんでした',
  sending: '送信中…',
  replying: 'Alliが回答しています…',
  replied: 'Alliの回答',
  stopped: '停止しました',
  interrupted: '回答が途中で途切れました。',
  ended: 'この会話は終了しました。',
  startOver: '最初からやり直す',
  waitAgent: 'まもなく担当者がお答えします。',
  optionsLabel: (count) => `選択肢 ${count} 件`,
  confirmChoices: '決定',
  chosen: '選択済み',
  sources: '出典',
  page: (n) => `${n}ページ`,
  opensInNewTab: '（新しいタブで開きます）',
  you: 'あなた',
  bot: 'Alli',
  errorGeneric: '問題が発生しました。',
  errorNetwork: 'オフラインのようです。接続を確認してから、もう一度お試しください。',
  errorSignIn: 'チャットにサインインできませんでした。ページを再読み込みしてください。',
  errorRateLimited: (s) => `ただいま混み合っています。${s}秒後にもう一度お試しください。`,
  errorServer: 'Alliが応答できません。しばらくしてからもう一度お試しください。',
  dismiss: '閉じる',
  loading: '読み込み中…',
};

export const STRINGS: Readonly<Record<AlliChatLocale, AlliChatStrings>> = { en, ko, ja };

/** Picks the nearest supported locale for a BCP 47 tag: `ko-KR` → ko, `ja` → ja, else en. */
export function localeFor(tag: string | null | undefined): AlliChatLocale {
  const primary = (tag ?? '').toLowerCase().split(/[-_]/)[0];
  return primary === 'ko' || primary === 'ja' ? primary : 'en';
}

/** The strings for a locale with the host's overrides on top. */
export function stringsFor(locale: AlliChatLocale, overrides?: Partial<AlliChatStrings>): AlliChatStrings {
  return overrides ? { ...STRINGS[locale], ...overrides } : STRINGS[locale];
}
