/**
 * Registers `<alli-chat>`: the only module with a side effect, and the file pages load first.
 * It stays light (the launcher shell; the conversation core loads on intent), so it exports the
 * element and its events only; the rest of the API is in `index.ts`, which defines nothing.
 */
import { AlliChatElement } from './ui/alli-chat.element.js';
import type { AlliChatEventMap } from './ui/events.js';

export { AlliChatElement } from './ui/alli-chat.element.js';
export type * from './index.js';

if (typeof customElements !== 'undefined' && !customElements.get('alli-chat')) customElements.define('alli-chat', AlliChatElement);

declare global {
  interface HTMLElementTagNameMap {
    'alli-chat': AlliChatElement;
  }
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends AlliChatEventMap {}
}
