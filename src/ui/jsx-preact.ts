/**
 * `<alli-chat>` in Preact TSX: add `import type {} from '@allganize/alli-chat/jsx-preact';` once.
 * Preact sets a prop as a property when the element has it, and `onalli-error` listens for the event.
 */
import type { JSX as PreactJSX } from 'preact';
import type { AlliChatElement } from './alli-chat.element.js';
import type { AlliChatEventProps, AlliChatHtmlAttributes, AlliChatProperties } from './jsx-attributes.js';

// Preact's documented way to extend its JSX: its global `preact` namespace.
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace preact.JSX {
    interface IntrinsicElements {
      'alli-chat': Omit<PreactJSX.HTMLAttributes<AlliChatElement>, keyof AlliChatHtmlAttributes | keyof AlliChatProperties> & AlliChatHtmlAttributes & AlliChatProperties & AlliChatEventProps;
    }
  }
}

export type { AlliChatEventProps, AlliChatHtmlAttributes, AlliChatProperties };
