/**
 * The one banner above the composer, most urgent first: a conversation that could not start
 * (with Retry), offline, an automatic resend counting down, an ended conversation (Start
 * over), or a person about to answer.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { ConversationSession, InputMode } from '../../conversation/conversation-session.js';
import type { PanelStrings } from '../../i18n/strings.js';
import type { AlliError } from '../../model/errors.js';
import { secondsUntil } from '../countdown.js';

export function renderBanner(
  c: { strings: PanelStrings; session: ConversationSession | undefined; mode: InputMode; online: boolean; describe: (error: AlliError) => string },
  startOver: () => void,
): TemplateResult | typeof nothing {
  const s = c.strings;
  const { session, mode } = c;
  if (session?.error) {
    return html`<div class="banner error" role="status">
      <span title=${session.error.code ?? nothing}>${c.describe(session.error)}</span>
      <button
        class="ghost"
        type="button"
        @click=${() => {
          session.dismissError();
          void session.start();
        }}
      >
        ${s.retry}
      </button>
    </div>`;
  }
  if (!c.online) return html`<div class="banner offline" role="status"><span>${s.offlineBanner}</span></div>`;
  const notice = session?.retryNotice;
  if (notice && notice.turnId === undefined) {
    return html`<div class="banner retrying" role="status"><span>${s.retryingIn(secondsUntil(notice.at))}</span></div>`;
  }
  if (mode.kind === 'ended') {
    return html`<div class="banner ended" role="status">
      <span>${s.ended}</span>
      <button class="ghost start-over" type="button" @click=${startOver}>${s.startOver}</button>
    </div>`;
  }
  if (mode.kind === 'agent') return html`<div class="banner agent" role="status"><span>${s.waitAgent}</span></div>`;
  return nothing;
}
