import { html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';

/** Longest text read out at once: past it, the rest is in the transcript, one keystroke away. */
const ANNOUNCE_MAX = 2000;

/** `text` cut at a word near ANNOUNCE_MAX, with `more` saying where the rest is. */
function announcementOf(text: string, more: string): string {
  if (text.length <= ANNOUNCE_MAX) return text;
  const cut = text.lastIndexOf(' ', ANNOUNCE_MAX);
  return `${text.slice(0, cut > ANNOUNCE_MAX / 2 ? cut : ANNOUNCE_MAX)}… ${more}`;
}

/**
 * The element's text with whitespace collapsed and trimmed, read only as far as needed to cut it
 * at `max` characters: a long answer's whole text is neither copied nor kept (a slice of it
 * would keep all of it alive).
 */
function leadingText(root: Node, max: number): string {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let text = '';
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    text = (text + (node as Text).data).replace(/\s+/g, ' ').trimStart();
    // Past `max` and not on a space (the end's spaces are trimmed), the cut cannot move any more.
    if (text.length > max + 1 && text[text.length - 1] !== ' ') break;
  }
  return text.trimEnd();
}

/**
 * What a screen reader hears (docs/design.md §7): a polite region for "replying…" and each
 * finished message (once, from the text already rendered in its bubble, so a long answer is not
 * parsed twice), and an assertive one for errors. The transcript itself is a quiet `role=log`.
 *
 * The regions are rendered empty and written here, not through the host's template: a finished
 * message is read from the DOM after an update, and saying it must not cost the whole element a
 * second update.
 */
export class AnnouncerController implements ReactiveController {
  private announcement = '';
  private alertText = '';
  /** Completed bot nodes whose text is announced once it is on screen. */
  private pending: string[] = [];
  /** A text waits for its region, which the host's next render makes. */
  private unwritten = false;

  constructor(
    private readonly host: ReactiveControllerHost & { renderRoot: ParentNode },
    private readonly continuesInTranscript: () => string,
  ) {
    host.addController(this);
  }

  /** Says `text` politely. */
  announce(text: string): void {
    this.setAnnouncement(text);
    this.write();
  }

  /** Says `text` at once (errors); '' clears it. */
  alert(text: string): void {
    this.alertText = text;
    this.write();
  }

  /** Reads out a finished bot message after it has been rendered. */
  announceNode(nodeId: string): void {
    this.pending.push(nodeId);
  }

  hostUpdated(): void {
    if (this.pending.length > 0) {
      const texts = this.pending.map((id) => {
        const bubble = this.host.renderRoot.querySelector(`.message[data-node="${CSS.escape(id)}"] .bubble`);
        return bubble ? leadingText(bubble, ANNOUNCE_MAX) : '';
      });
      this.pending = [];
      const text = texts.filter(Boolean).join(' ');
      if (text) {
        this.setAnnouncement(announcementOf(text, this.continuesInTranscript()));
        this.unwritten = true;
      }
    }
    // Inside an update: regions still missing wait for the next one, which something else asks for.
    if (this.unwritten) this.write(false);
  }

  /** Re-setting the same text would not be spoken: a zero-width change makes it new. */
  private setAnnouncement(text: string): void {
    this.announcement = this.announcement === text ? `${text}\u200b` : text;
  }

  /** Puts the texts into the regions; before they are rendered, the host's next update does. */
  private write(askForUpdate = true): void {
    const root = this.host.renderRoot;
    const polite = root.querySelector('.announce-polite');
    const alert = root.querySelector('.announce-alert');
    this.unwritten = !polite || !alert;
    if (!polite || !alert) {
      if (askForUpdate) this.host.requestUpdate();
      return;
    }
    if (polite.textContent !== this.announcement) polite.textContent = this.announcement;
    if (alert.textContent !== this.alertText) alert.textContent = this.alertText;
  }

  render(): TemplateResult {
    return html`<div class="sr-only announce-polite" aria-live="polite" aria-atomic="true"></div>
      <div class="sr-only announce-alert" role="alert" aria-atomic="true"></div>`;
  }
}
