/**
 * Public, side-effect-free exports of `<alli-chat>`.
 * Importing this module defines nothing; import `alli-chat.js` to register the element.
 */
export { AlliClient, DEFAULT_API_BASE, encodeUserIdHeader } from './transport/client.js';
export type { AlliClientOptions, RequestOptions } from './transport/client.js';
export { AlliError } from './model/errors.js';
export type { AlliErrorKind, StreamEndReason } from './model/errors.js';
export { createTokenSource } from './transport/token-source.js';
export type { AccessToken, TokenSource, TokenSourceOptions } from './transport/token-source.js';
export { parseConversationStream } from './wire/parse.js';
export type { ConversationEvent, ConversationEventStream, StreamErrorInfo, StreamStats } from './model/stream-events.js';
export { initialConversation, reduceConversation } from './wire/reducer.js';
export type { ConversationView } from './wire/reducer.js';
export type * from './model/types.js';
export { AlliChatElement } from './ui/alli-chat.element.js';
export * from './ui/events.js';
export type { UserContent, UserTurn } from './conversation/conversation-session.js';
export { renderMessage } from './render/render-message.js';
export type { AlliChatStrings, AlliChatLocale } from './i18n/strings.js';
