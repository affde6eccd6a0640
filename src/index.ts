/**
 * Public, side-effect-free exports of `<alli-chat>`.
 * Importing this module defines nothing; import `alli-chat.js` to register the element.
 */
export { AlliClient, DEFAULT_API_BASE, encodeUserIdHeader } from './protocol/client.js';
export type { AlliClientOptions, RequestOptions } from './protocol/client.js';
export { AlliError } from './protocol/errors.js';
export type { AlliErrorKind } from './protocol/errors.js';
export { createTokenSource } from './auth/token-source.js';
export type { AccessToken, TokenSource, TokenSourceOptions } from './auth/token-source.js';
export { parseConversationStream } from './stream/parse.js';
export type { ConversationEvent, ConversationEventStream, StreamErrorInfo, StreamStats } from './stream/events.js';
export { initialConversation, reduceConversation } from './stream/reducer.js';
export type { ConversationView } from './stream/reducer.js';
export type * from './protocol/types.js';
export { AlliChatElement } from './components/alli-chat.element.js';
export * from './components/events.js';
export type { UserContent, UserTurn } from './controllers/conversation-session.js';
export { renderMessage } from './render/render-message.js';
export type { AlliChatStrings, AlliChatLocale } from './i18n/strings.js';
