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
  // launcher and scrolling
  openChat: string;
  openChatUnread: (count: number) => string;
  closeChat: string;
  close: string;
  jumpToLatest: (count: number) => string;
  continuesInTranscript: string;
  emptyState: string;
  // files
  attach: string;
  attachments: string;
  removeFile: (name: string) => string;
  fileRefusedType: (name: string, accept: string) => string;
  fileRefusedSize: (name: string, limit: string) => string;
  fileRefusedCount: (name: string, max: number) => string;
  fileRefusedEmpty: (name: string) => string;
  uploading: (percent: number) => string;
  cancelUpload: string;
  uploadCancelled: string;
  uploadTooLarge: string;
  dropFilesHere: string;
  download: string;
  // forms
  formRequiredMark: string;
  formRequired: string;
  formRequiredChoice: string;
  formRequiredCheck: string;
  formRequiredFile: string;
  formInvalidFormat: string;
  formInvalidNumber: string;
  formNumberMin: (min: string) => string;
  formNumberMax: (max: string) => string;
  formNumberRange: (min: string, max: string) => string;
  formTooLong: (max: number, count: number) => string;
  formInvalidEmail: string;
  formInvalidTel: string;
  formInvalidDate: string;
  formInvalidOption: string;
  formFileType: (name: string, accept: string) => string;
  formFileSize: (name: string, limit: string) => string;
  formFileCount: (max: number) => string;
  formFileEmpty: (name: string) => string;
  formChooseFiles: (multiple: boolean) => string;
  formChosenFiles: string;
  formRemoveFile: (name: string) => string;
  formSelectPlaceholder: string;
  formSubmit: string;
  formSubmitting: string;
  formCancel: string;
  formYes: string;
  formNo: string;
  formNotAnswered: string;
  formAnswers: string;
  formClosed: string;
  formFixErrors: (count: number) => string;
  // faults
  waitingForConnection: string;
  waitingToSend: string;
  retryingIn: (seconds: number) => string;
  offlineBanner: string;
  errorConnectionLost: string;
  errorStalled: string;
  errorTokenUnavailable: string;
  errorServerDetail: (detail: string) => string;
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
  // launcher and scrolling
  openChat: 'Open chat',
  openChatUnread: (n) => `Open chat, ${n} new ${n === 1 ? 'message' : 'messages'}`,
  closeChat: 'Close chat',
  close: 'Close',
  jumpToLatest: (n) => `Jump to latest (${n} new)`,
  continuesInTranscript: '(The message continues in the conversation.)',
  emptyState: 'Ask Alli anything.',
  // files
  attach: 'Attach files',
  attachments: 'Attached files',
  removeFile: (name) => `Remove ${name}`,
  fileRefusedType: (name, accept) => `“${name}” can’t be attached: only ${accept} files are accepted.`,
  fileRefusedSize: (name, limit) => `“${name}” is too large: the limit is ${limit} per file.`,
  fileRefusedCount: (name, max) => `“${name}” was not attached: at most ${max} files per message.`,
  fileRefusedEmpty: (name) => `“${name}” is empty.`,
  uploading: (p) => `Uploading… ${p}%`,
  cancelUpload: 'Cancel upload',
  uploadCancelled: 'Upload cancelled.',
  uploadTooLarge: 'The files are too large for Alli to accept.',
  dropFilesHere: 'Drop files to attach them',
  download: 'Download',
  // forms
  formRequiredMark: 'required',
  formRequired: 'Please fill this in.',
  formRequiredChoice: 'Please choose an option.',
  formRequiredCheck: 'Please tick this box to continue.',
  formRequiredFile: 'Please attach a file.',
  formInvalidFormat: 'This isn’t in the expected format.',
  formInvalidNumber: 'Enter a number, like 42.',
  formNumberMin: (min) => `Enter ${min} or more.`,
  formNumberMax: (max) => `Enter ${max} or less.`,
  formNumberRange: (min, max) => `Enter a number from ${min} to ${max}.`,
  formTooLong: (max, count) => `Keep it to ${max} characters (it has ${count} now).`,
  formInvalidEmail: 'Enter an email address like name@example.com.',
  formInvalidTel: 'Enter a phone number of 7 to 20 digits. Spaces, +, brackets, dots and dashes are fine.',
  formInvalidDate: 'Enter a date that exists on the calendar.',
  formInvalidOption: 'Choose from the options listed.',
  formFileType: (name, accept) => `“${name}” isn’t a file type this form takes (${accept}).`,
  formFileSize: (name, limit) => `“${name}” is too large: each file can be up to ${limit}.`,
  formFileCount: (max) => (max === 1 ? 'Attach just one file.' : `Attach up to ${max} files.`),
  formFileEmpty: (name) => `“${name}” is empty.`,
  formChooseFiles: (multiple) => (multiple ? 'Choose files' : 'Choose a file'),
  formChosenFiles: 'Chosen files',
  formRemoveFile: (name) => `Remove ${name}`,
  formSelectPlaceholder: 'Choose…',
  formSubmit: 'Submit',
  formSubmitting: 'Submitting…',
  formCancel: 'Cancel',
  formYes: 'Yes',
  formNo: 'No',
  formNotAnswered: 'Not answered',
  formAnswers: 'Your answers',
  formClosed: 'This form is no longer open.',
  formFixErrors: (count) => (count === 1 ? 'One answer needs another look.' : `${count} answers need another look.`),
  // faults
  waitingForConnection: 'Waiting for connection…',
  waitingToSend: 'Waiting to send…',
  retryingIn: (s) => `Retrying in ${s} s…`,
  offlineBanner: 'You’re offline. Messages will be sent when the connection is back.',
  errorConnectionLost: 'The connection was lost before Alli answered.',
  errorStalled: 'Alli stopped responding.',
  errorTokenUnavailable: 'The sign-in service can’t be reached right now. Try again in a moment.',
  errorServerDetail: (detail) => `Alli is having trouble answering (${detail}). Try again in a moment.`,
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
  // launcher and scrolling
  openChat: '채팅 열기',
  openChatUnread: (n) => `채팅 열기, 새 메시지 ${n}개`,
  closeChat: '채팅 닫기',
  close: '닫기',
  jumpToLatest: (n) => `최신 메시지로 이동 (새 메시지 ${n}개)`,
  continuesInTranscript: '(나머지 내용은 대화 내역에서 이어집니다.)',
  emptyState: 'Alli에게 무엇이든 물어보세요.',
  // files
  attach: '파일 첨부',
  attachments: '첨부 파일',
  removeFile: (name) => `${name} 삭제`,
  fileRefusedType: (name, accept) => `“${name}” 파일은 첨부할 수 없습니다. ${accept} 형식만 가능합니다.`,
  fileRefusedSize: (name, limit) => `“${name}” 파일이 너무 큽니다. 파일당 최대 ${limit}까지 첨부할 수 있습니다.`,
  fileRefusedCount: (name, max) => `“${name}” 파일은 첨부되지 않았습니다. 메시지당 최대 ${max}개까지 첨부할 수 있습니다.`,
  fileRefusedEmpty: (name) => `“${name}” 파일이 비어 있습니다.`,
  uploading: (p) => `업로드 중… ${p}%`,
  cancelUpload: '업로드 취소',
  uploadCancelled: '업로드를 취소했습니다.',
  uploadTooLarge: '파일이 너무 커서 Alli가 받을 수 없습니다.',
  dropFilesHere: '여기에 파일을 놓으면 첨부됩니다',
  download: '다운로드',
  // forms
  formRequiredMark: '필수',
  formRequired: '이 항목을 입력해 주세요.',
  formRequiredChoice: '항목을 선택해 주세요.',
  formRequiredCheck: '계속하려면 이 항목에 체크해 주세요.',
  formRequiredFile: '파일을 첨부해 주세요.',
  formInvalidFormat: '입력 형식이 올바르지 않습니다.',
  formInvalidNumber: '숫자를 입력해 주세요. (예: 42)',
  formNumberMin: (min) => `${min} 이상으로 입력해 주세요.`,
  formNumberMax: (max) => `${max} 이하로 입력해 주세요.`,
  formNumberRange: (min, max) => `${min}에서 ${max} 사이의 숫자를 입력해 주세요.`,
  formTooLong: (max, count) => `${max}자 이내로 입력해 주세요. (현재 ${count}자)`,
  formInvalidEmail: 'name@example.com 형식의 이메일 주소를 입력해 주세요.',
  formInvalidTel: '전화번호를 7~20자리 숫자로 입력해 주세요. 공백, +, 괄호, 점, 하이픈은 사용할 수 있습니다.',
  formInvalidDate: '달력에 있는 날짜를 입력해 주세요.',
  formInvalidOption: '목록에 있는 항목 중에서 선택해 주세요.',
  formFileType: (name, accept) => `“${name}” 파일은 이 양식에서 받을 수 없는 형식입니다. (${accept})`,
  formFileSize: (name, limit) => `“${name}” 파일이 너무 큽니다. 파일당 ${limit}까지 첨부할 수 있습니다.`,
  formFileCount: (max) => (max === 1 ? '파일은 하나만 첨부해 주세요.' : `파일은 최대 ${max}개까지 첨부할 수 있습니다.`),
  formFileEmpty: (name) => `“${name}” 파일이 비어 있습니다.`,
  formChooseFiles: (multiple) => (multiple ? '파일 선택' : '파일 하나 선택'),
  formChosenFiles: '선택한 파일',
  formRemoveFile: (name) => `${name} 빼기`,
  formSelectPlaceholder: '선택해 주세요',
  formSubmit: '제출',
  formSubmitting: '제출하는 중…',
  formCancel: '취소',
  formYes: '예',
  formNo: '아니요',
  formNotAnswered: '응답 없음',
  formAnswers: '제출한 답변',
  formClosed: '더 이상 작성할 수 없는 양식입니다.',
  formFixErrors: (count) => `다시 확인해야 할 답변이 ${count}개 있습니다.`,
  // faults
  waitingForConnection: '연결을 기다리는 중…',
  waitingToSend: '전송 대기 중…',
  retryingIn: (s) => `${s}초 후 다시 보냅니다…`,
  offlineBanner: '오프라인 상태입니다. 연결이 돌아오면 메시지를 보냅니다.',
  errorConnectionLost: 'Alli가 답하기 전에 연결이 끊겼습니다.',
  errorStalled: 'Alli의 응답이 멈췄습니다.',
  errorTokenUnavailable: '지금은 로그인 서비스에 연결할 수 없습니다. 잠시 후 다시 시도해 주세요.',
  errorServerDetail: (detail) => `Alli가 지금 답변하기 어렵습니다 (${detail}). 잠시 후 다시 시도해 주세요.`,
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
  // launcher and scrolling
  openChat: 'チャットを開く',
  openChatUnread: (n) => `チャットを開く（新着メッセージ ${n} 件）`,
  closeChat: 'チャットを閉じる',
  close: '閉じる',
  jumpToLatest: (n) => `最新のメッセージへ（新着 ${n} 件）`,
  continuesInTranscript: '（続きは会話の履歴でご覧いただけます。）',
  emptyState: 'Alliに何でも聞いてください。',
  // files
  attach: 'ファイルを添付',
  attachments: '添付ファイル',
  removeFile: (name) => `${name} を削除`,
  fileRefusedType: (name, accept) => `「${name}」は添付できません。添付できる形式は ${accept} です。`,
  fileRefusedSize: (name, limit) => `「${name}」はサイズが大きすぎます。1ファイルあたり ${limit} までです。`,
  fileRefusedCount: (name, max) => `「${name}」は添付されませんでした。1回に添付できるのは ${max} 件までです。`,
  fileRefusedEmpty: (name) => `「${name}」は空のファイルです。`,
  uploading: (p) => `アップロード中… ${p}%`,
  cancelUpload: 'アップロードを中止',
  uploadCancelled: 'アップロードを中止しました。',
  uploadTooLarge: 'ファイルが大きすぎるため、Alliが受け取れませんでした。',
  dropFilesHere: 'ここにドロップして添付',
  download: 'ダウンロード',
  // forms
  formRequiredMark: '必須',
  formRequired: 'この項目を入力してください。',
  formRequiredChoice: '選択してください。',
  formRequiredCheck: '続けるには、チェックを入れてください。',
  formRequiredFile: 'ファイルを添付してください。',
  formInvalidFormat: '入力の形式が正しくありません。',
  formInvalidNumber: '数字を入力してください（例：42）。',
  formNumberMin: (min) => `${min} 以上の数を入力してください。`,
  formNumberMax: (max) => `${max} 以下の数を入力してください。`,
  formNumberRange: (min, max) => `${min}～${max} の数を入力してください。`,
  formTooLong: (max, count) => `${max} 文字以内で入力してください（現在 ${count} 文字）。`,
  formInvalidEmail: 'name@example.com のような形式でメールアドレスを入力してください。',
  formInvalidTel: '電話番号は 7～20 桁の数字で入力してください。スペース、+、かっこ、ピリオド、ハイフンは使えます。',
  formInvalidDate: '実在する日付を入力してください。',
  formInvalidOption: '一覧の中から選んでください。',
  formFileType: (name, accept) => `「${name}」はこのフォームで受け付けていない形式です（${accept}）。`,
  formFileSize: (name, limit) => `「${name}」は大きすぎます。1ファイルあたり ${limit} までです。`,
  formFileCount: (max) => (max === 1 ? '添付できるファイルは1つだけです。' : `添付できるファイルは ${max} 件までです。`),
  formFileEmpty: (name) => `「${name}」は空のファイルです。`,
  formChooseFiles: (multiple) => (multiple ? 'ファイルを選ぶ' : 'ファイルを1つ選ぶ'),
  formChosenFiles: '選んだファイル',
  formRemoveFile: (name) => `${name} を外す`,
  formSelectPlaceholder: '選択してください',
  formSubmit: '送信',
  formSubmitting: '送信しています…',
  formCancel: 'キャンセル',
  formYes: 'はい',
  formNo: 'いいえ',
  formNotAnswered: '未回答',
  formAnswers: '回答内容',
  formClosed: 'このフォームは締め切られました。',
  formFixErrors: (count) => `見直しが必要な回答が ${count} 件あります。`,
  // faults
  waitingForConnection: '接続を待っています…',
  waitingToSend: '送信待ち…',
  retryingIn: (s) => `${s}秒後に再送信します…`,
  offlineBanner: 'オフラインです。接続が戻るとメッセージを送信します。',
  errorConnectionLost: 'Alliが回答する前に接続が切れました。',
  errorStalled: 'Alliの応答が止まりました。',
  errorTokenUnavailable: '現在サインインサービスに接続できません。しばらくしてからもう一度お試しください。',
  errorServerDetail: (detail) => `Alliが応答できません（${detail}）。しばらくしてからもう一度お試しください。`,
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
