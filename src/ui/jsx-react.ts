/**
 * `<alli-chat>` in React 19 TSX without the wrapper: add
 * `import type {} from '@allganize/alli-chat/jsx-react';` once (React 19 passes known properties
 * such as `getToken` as properties, and `onalli-error` as an event listener).
 */
import type { DetailedHTMLProps as ReactDetailedHTMLProps, HTMLAttributes as ReactHTMLAttributes } from 'react';
import type { AlliChatElement } from './alli-chat.element.js';
import type { AlliChatEventProps, AlliChatHtmlAttributes, AlliChatProperties } from './jsx-attributes.js';

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'alli-chat': ReactDetailedHTMLProps<ReactHTMLAttributes<AlliChatElement>, AlliChatElement> & AlliChatHtmlAttributes & AlliChatProperties & AlliChatEventProps;
    }
  }
}

export type { AlliChatEventProps, AlliChatHtmlAttributes, AlliChatProperties };
