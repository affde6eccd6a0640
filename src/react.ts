/**
 * `@allganize/alli-chat/react`: `<AlliChat>` for React, made with `@lit/react` so properties
 * (not only string attributes) reach the element and its events arrive as typed `on…` props.
 * Importing this registers `<alli-chat>`, like the package's main entry.
 *
 *   import { AlliChat } from '@allganize/alli-chat/react';
 *   <AlliChat appId="demo" tokenUrl="/alli/token" onAlliMessageReceive={(e) => console.log(e.message)} />
 */
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import { AlliChatElement } from './alli-chat.js';
import type {
  AlliConversationChangeEvent,
  AlliErrorEvent,
  AlliFileUploadEvent,
  AlliMessageReceiveEvent,
  AlliMessageSendEvent,
  AlliOptionSelectEvent,
  AlliStreamEndEvent,
  AlliStreamStartEvent,
} from './ui/events.js';

export { AlliChatElement };

/** Event props: each takes the element's typed event. */
export interface AlliChatEventProps {
  onAlliMessageSend?: (event: AlliMessageSendEvent) => void;
  onAlliMessageReceive?: (event: AlliMessageReceiveEvent) => void;
  onAlliStreamStart?: (event: AlliStreamStartEvent) => void;
  onAlliStreamEnd?: (event: AlliStreamEndEvent) => void;
  onAlliOptionSelect?: (event: AlliOptionSelectEvent) => void;
  onAlliConversationChange?: (event: AlliConversationChangeEvent) => void;
  onAlliError?: (event: AlliErrorEvent) => void;
  onAlliFileUpload?: (event: AlliFileUploadEvent) => void;
}

/** The element's own properties (`appId`, `tokenUrl`, `getToken`, `strings`…), as @lit/react passes them. */
export type AlliChatElementProps = Partial<Omit<AlliChatElement, keyof HTMLElement>>;

/**
 * The props `<AlliChat>` takes: the element's properties, React's HTML attributes and the event
 * props. Spelled out rather than inferred so the declarations need only React's types.
 */
export type AlliChatProps = Omit<React.HTMLAttributes<AlliChatElement>, keyof AlliChatEventProps | keyof AlliChatElementProps> &
  AlliChatEventProps &
  AlliChatElementProps &
  React.RefAttributes<AlliChatElement>;

export const AlliChat: React.ForwardRefExoticComponent<AlliChatProps> = createComponent({
  tagName: 'alli-chat',
  elementClass: AlliChatElement,
  react: React,
  events: {
    onAlliMessageSend: 'alli-message-send' as EventName<AlliMessageSendEvent>,
    onAlliMessageReceive: 'alli-message-receive' as EventName<AlliMessageReceiveEvent>,
    onAlliStreamStart: 'alli-stream-start' as EventName<AlliStreamStartEvent>,
    onAlliStreamEnd: 'alli-stream-end' as EventName<AlliStreamEndEvent>,
    onAlliOptionSelect: 'alli-option-select' as EventName<AlliOptionSelectEvent>,
    onAlliConversationChange: 'alli-conversation-change' as EventName<AlliConversationChangeEvent>,
    onAlliError: 'alli-error' as EventName<AlliErrorEvent>,
    onAlliFileUpload: 'alli-file-upload' as EventName<AlliFileUploadEvent>,
  },
  displayName: 'AlliChat',
});
