import type { ReactiveControllerHost } from 'lit';
import type { UserContent } from '../../conversation/conversation-session.js';
import type { ChatOptionInfo } from '../../model/types.js';
import type { safeUrl } from '../../render/safe-url.js';
import type { AlliOptionSelectEvent } from '../events.js';

/** What the options take from the core (handed over, so their chunk shares no module with it). */
export interface OptionsDeps {
  readonly safeUrl: typeof safeUrl;
  readonly SelectEvent: typeof AlliOptionSelectEvent;
}

/**
 * Option buttons (`chatOptionInfos`): the choices ticked in a multiple-choice group, the roving
 * tab stop of each group (arrow keys move inside it; one Tab stop per group), and what a click
 * does: open a link option, tick a box, or send the choice.
 */
export class OptionsController {
  /** Ticked options of the active multiple-choice group (zero-based, ascending). */
  selected: readonly number[] = [];
  /** The option that holds the tab stop in each group, by node id. */
  private focus = new Map<string, number>();

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly submit: (content: UserContent) => void,
    private readonly deps: OptionsDeps,
  ) {}

  tabStop(nodeId: string): number {
    return this.focus.get(nodeId) ?? 0;
  }

  focused(nodeId: string, index: number): void {
    if (this.tabStop(nodeId) === index) return;
    this.focus.set(nodeId, index);
    this.host.requestUpdate();
  }

  /** A turn ended: a new set of choices starts empty. */
  clear(): void {
    this.selected = [];
  }

  choose(nodeId: string, options: readonly ChatOptionInfo[], index: number, multiple: boolean): void {
    const option = options[index];
    if (option && this.openLink(option)) return;
    if (multiple) {
      this.selected = this.selected.includes(index) ? this.selected.filter((i) => i !== index) : [...this.selected, index].sort((a, b) => a - b);
      this.host.requestUpdate();
      return;
    }
    this.send(nodeId, options, [index]);
  }

  send(nodeId: string, options: readonly ChatOptionInfo[], indices: readonly number[]): void {
    if (indices.length === 0) return;
    this.host.dispatchEvent(new this.deps.SelectEvent(indices, indices.map((i) => options[i])));
    const labels = indices.map((i) => options[i].longOption || options[i].shortenOption);
    this.submit({ kind: 'choices', nodeId, choices: [...indices], labels });
  }

  /** An option whose `meta` carries a safe `url` opens it instead of sending a turn. */
  private openLink(option: ChatOptionInfo): boolean {
    let url: string | undefined;
    try {
      const meta = JSON.parse(option.meta) as { url?: unknown };
      url = typeof meta.url === 'string' ? this.deps.safeUrl(meta.url, 'link') : undefined;
    } catch {
      url = undefined;
    }
    if (!url) return false;
    window.open(url, '_blank', 'noopener,noreferrer');
    return true;
  }

  /** Arrow keys move between the options of one group (reversed right-to-left). */
  onKeydown(e: KeyboardEvent, nodeId: string, count: number): void {
    const rtl = getComputedStyle(this.host).direction === 'rtl';
    const forward = rtl ? 'ArrowLeft' : 'ArrowRight';
    const backward = rtl ? 'ArrowRight' : 'ArrowLeft';
    const current = this.tabStop(nodeId);
    let next: number;
    if (e.key === forward || e.key === 'ArrowDown') next = (current + 1) % count;
    else if (e.key === backward || e.key === 'ArrowUp') next = (current - 1 + count) % count;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = count - 1;
    else return;
    e.preventDefault();
    this.focus.set(nodeId, next);
    this.host.requestUpdate();
    const group = (e.currentTarget as HTMLElement).closest('.options');
    group?.querySelectorAll<HTMLButtonElement>('.option')[next]?.focus();
  }
}
