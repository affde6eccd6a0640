/**
 * A bot node's option buttons: real buttons in a named group with one tab stop, server colours
 * only as plain CSS colours through custom properties (no inline style under a strict CSP),
 * chosen options kept readable, and a Confirm button for multiple choice.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { ConversationSession, InputMode } from '../../conversation/conversation-session.js';
import type { PanelStrings } from '../../i18n/strings.js';
import type { ViewNode } from '../../wire/reducer.js';
import type { OptionsController } from '../controllers/options.controller.js';
import { cssProperties } from './css-properties.directive.js';
import { optionStyleProperties } from '../../render/option-style.js';

/** The indices the visitor chose for `nodeId`, from the sent turn that answered it. */
function chosenFor(nodeId: string, session: ConversationSession): readonly number[] {
  for (const item of session.items) {
    if (item.kind === 'user' && item.turn.status === 'sent' && item.turn.content.kind === 'choices' && item.turn.content.nodeId === nodeId) {
      return item.turn.content.choices;
    }
  }
  return [];
}

/** @public Re-exported by options.feature.ts, which the panel loads on demand. */
export function renderOptions(
  node: ViewNode,
  c: { strings: PanelStrings; session: ConversationSession; mode: InputMode },
  options: OptionsController,
): TemplateResult {
  const s = c.strings;
  const list = node.chatOptionInfos ?? [];
  const active = c.mode.kind === 'options' && c.mode.nodeId === node.id && !c.session.busy;
  const multiple = !!node.multipleOption;
  const chosen = chosenFor(node.id, c.session);
  const tabStop = options.tabStop(node.id);
  return html`
    <div class="options" part="options" role="group" aria-label=${s.optionsLabel(list.length)}>
      ${list.map((option, index) => {
        const pressed = multiple && active ? options.selected.includes(index) : undefined;
        const wasChosen = chosen.includes(index);
        return html`<button
          class="option ${wasChosen ? 'chosen' : ''}"
          part="option"
          type="button"
          title=${option.longOption || option.shortenOption}
          tabindex=${tabStop === index ? '0' : '-1'}
          aria-pressed=${pressed === undefined ? (wasChosen ? 'true' : nothing) : String(pressed)}
          ?disabled=${!active}
          ${option.style ? cssProperties(optionStyleProperties(option.style)) : nothing}
          @keydown=${(e: KeyboardEvent) => options.onKeydown(e, node.id, list.length)}
          @focus=${() => options.focused(node.id, index)}
          @click=${() => options.choose(node.id, list, index, multiple)}
        >
          ${option.shortenOption || option.longOption}${wasChosen ? html`<span class="sr-only"> (${s.chosen})</span>` : nothing}
        </button>`;
      })}
      ${multiple && active
        ? html`<button class="ghost confirm" type="button" ?disabled=${options.selected.length === 0} @click=${() => options.send(node.id, list, options.selected)}>
            ${s.confirmChoices}
          </button>`
        : nothing}
    </div>
  `;
}
