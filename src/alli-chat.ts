/**
 * Registers `<alli-chat>`. This is the only module with a side effect; everything else is
 * exported from `index.ts`.
 */
import { AlliChatElement } from './ui/alli-chat.element.js';
import type { AlliChatEventMap } from './ui/events.js';

export * from './index.js';

if (!customElements.get('alli-chat')) customElements.define('alli-chat', AlliChatElement);

declare global {
  interface HTMLElementTagNameMap {
    'alli-chat': AlliChatElement;
  }
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends AlliChatEventMap {}
}
