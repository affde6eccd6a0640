/**
 * What the shell draws itself: the launcher button (its label says what a click does and how many
 * messages are unread) and the panel's place until the conversation core is there.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { ShellStrings } from '../../i18n/locale.js';

const openIcon = html`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
  <path d="M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.2 3.6c-.5.4-1.3.1-1.3-.6V16H6.5A2.5 2.5 0 0 1 4 13.5z" fill="currentColor" />
</svg>`;
const closeIcon = html`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
  <path d="M6 9l6 6 6-6" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round" />
</svg>`;

/**
 * `intent` runs on hover, focus and touch: the shell starts fetching the conversation core
 * before the click, so the panel opens with its greeting.
 */
export function renderLauncher(s: ShellStrings, open: boolean, unread: number, toggle: () => void, intent: () => void): TemplateResult {
  const label = unread > 0 ? s.openChatUnread(unread) : open ? s.closeChat : s.openChat;
  return html`<button
    class="launcher"
    part="launcher"
    type="button"
    aria-label=${label}
    title=${label}
    aria-expanded=${open ? 'true' : 'false'}
    aria-controls="panel"
    @click=${toggle}
    @pointerenter=${intent}
    @focus=${intent}
    @touchstart=${intent}
  >
    <slot name="launcher-icon">${open ? closeIcon : openIcon}</slot>
    ${unread > 0 ? html`<span class="badge" part="badge" aria-hidden="true">${unread > 99 ? '99+' : unread}</span>` : nothing}
  </button>`;
}

/** Before the core has loaded: a loading line, or a clear failure with Retry. */
export function renderPanelStatus(s: ShellStrings, launcher: boolean, failed: boolean, title: string, retry: () => void): TemplateResult {
  return html`<section id="panel" class="panel" part="panel" role=${launcher ? 'dialog' : 'region'} aria-label=${title}>
    <div class="panel-status" role="status">
      ${failed
        ? html`<span>${s.panelLoadFailed}</span><button class="retry-load" type="button" @click=${retry}>${s.retry}</button>`
        : html`<span aria-busy="true">${s.panelLoading}</span>`}
    </div>
  </section>`;
}
