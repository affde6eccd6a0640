/**
 * The element's events (docs/design.md §2): `alli-<noun>-<verb>`, each an Event subclass that
 * bubbles and is composed, typed in HTMLElementEventMap (see src/alli-chat.ts).
 */
import type { UserContent } from '../conversation/conversation-session.js';
import type { AlliError, StreamEndReason } from '../model/errors.js';
import type { ChatOptionInfo, ResponseNode } from '../model/types.js';

const init = (cancelable = false): EventInit => ({ bubbles: true, composed: true, cancelable });

/** Before a user turn is sent; `preventDefault()` keeps it from being sent. */
export class AlliMessageSendEvent extends Event {
  static readonly type = 'alli-message-send';
  constructor(readonly content: UserContent) {
    super(AlliMessageSendEvent.type, init(true));
  }
}

/** A bot message is complete (after streaming, or at once). */
export class AlliMessageReceiveEvent extends Event {
  static readonly type = 'alli-message-receive';
  constructor(readonly message: ResponseNode) {
    super(AlliMessageReceiveEvent.type, init());
  }
}

/** A reply started streaming. */
export class AlliStreamStartEvent extends Event {
  static readonly type = 'alli-stream-start';
  constructor(readonly conversationId: string | undefined) {
    super(AlliStreamStartEvent.type, init());
  }
}

/** A turn ended; `reason` is the `done` reason, `stopped`, `interrupted` or `error`. */
export class AlliStreamEndEvent extends Event {
  static readonly type = 'alli-stream-end';
  constructor(
    readonly reason: StreamEndReason,
    readonly conversationId: string | undefined,
  ) {
    super(AlliStreamEndEvent.type, init());
  }
}

/** The user chose option buttons. */
export class AlliOptionSelectEvent extends Event {
  static readonly type = 'alli-option-select';
  constructor(
    readonly indices: readonly number[],
    readonly options: readonly ChatOptionInfo[],
  ) {
    super(AlliOptionSelectEvent.type, init());
  }
}

/** The conversation id changed (a new conversation, or none after a reset). */
export class AlliConversationChangeEvent extends Event {
  static readonly type = 'alli-conversation-change';
  constructor(readonly conversationId: string | undefined) {
    super(AlliConversationChangeEvent.type, init());
  }
}

/** Something failed; `error.kind` says what. The widget shows it too. */
export class AlliErrorEvent extends Event {
  static readonly type = 'alli-error';
  constructor(readonly error: AlliError) {
    super(AlliErrorEvent.type, init());
  }
}

/** Upload progress of a message's files (bytes sent of the request's total). */
export class AlliFileUploadEvent extends Event {
  static readonly type = 'alli-file-upload';
  constructor(
    readonly files: readonly File[],
    readonly sent: number,
    readonly total: number,
  ) {
    super(AlliFileUploadEvent.type, init());
  }
}

export interface AlliChatEventMap {
  'alli-file-upload': AlliFileUploadEvent;
  'alli-message-send': AlliMessageSendEvent;
  'alli-message-receive': AlliMessageReceiveEvent;
  'alli-stream-start': AlliStreamStartEvent;
  'alli-stream-end': AlliStreamEndEvent;
  'alli-option-select': AlliOptionSelectEvent;
  'alli-conversation-change': AlliConversationChangeEvent;
  'alli-error': AlliErrorEvent;
}
