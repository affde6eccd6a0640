import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** How close to the end still counts as "at the bottom", in CSS pixels. */
const NEAR_BOTTOM_PX = 48;

/**
 * Keeps the transcript at its newest content only while the reader is there. It never reads
 * layout per streamed chunk: a ResizeObserver on the content reports growth after layout has
 * been done anyway, and the reader's position is read on scroll events (user actions, or our
 * own scroll). When the reader has scrolled up, new items are counted for "jump to latest".
 */
export class ScrollFollowController implements ReactiveController {
  /** Whether new content scrolls into view. */
  following = true;
  /** Items that arrived while the reader was scrolled up. */
  unseen = 0;

  private resizeObserver?: ResizeObserver;
  private observed?: Element;
  private scroller?: HTMLElement;
  /** Where following last put the view: only the reader moving above it stops following. */
  private followedTo = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly find: () => { scroller?: HTMLElement | null; content?: HTMLElement | null },
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    const { scroller, content } = this.find();
    if (!scroller || !content) return;
    if (scroller !== this.scroller) {
      this.scroller?.removeEventListener('scroll', this.onScroll);
      this.scroller = scroller;
      scroller.addEventListener('scroll', this.onScroll, { passive: true });
    }
    if (content !== this.observed) {
      this.resizeObserver ??= new ResizeObserver(() => this.follow());
      if (this.observed) this.resizeObserver.unobserve(this.observed);
      this.resizeObserver.observe(content);
      this.observed = content;
    }
  }

  hostDisconnected(): void {
    this.resizeObserver?.disconnect();
    this.resizeObserver = undefined;
    this.observed = undefined;
    this.scroller?.removeEventListener('scroll', this.onScroll);
    this.scroller = undefined;
  }

  /** `count` new transcript items are about to be rendered (called in the host's update). */
  itemsAdded(count: number): void {
    if (count > 0 && !this.following) this.unseen += count;
  }

  /** Back to the newest content (the "jump to latest" control, the user sending, the panel opening). */
  jumpToLatest(smooth = true): void {
    // Only a change of what the view shows asks for an update (the panel opens inside one).
    const changed = !this.following || this.unseen > 0;
    this.following = true;
    this.unseen = 0;
    const scroller = this.scroller;
    if (scroller) {
      this.followedTo = scroller.scrollTop; // a smooth scroll down from here is still following
      const reduce = globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
      scroller.scrollTo({ top: scroller.scrollHeight, behavior: smooth && !reduce ? 'smooth' : 'auto' });
    }
    if (changed) this.host.requestUpdate();
  }

  private follow(): void {
    const scroller = this.scroller;
    // Layout is fresh inside a ResizeObserver callback: reading scrollHeight here costs nothing extra.
    if (this.following && scroller) {
      scroller.scrollTop = scroller.scrollHeight;
      this.followedTo = scroller.scrollTop;
    }
  }

  private readonly onScroll = (): void => {
    const el = this.scroller;
    if (!el) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight <= NEAR_BOTTOM_PX;
    if (atBottom) this.followedTo = el.scrollTop;
    // A scroll event can be dispatched after content grew and before the observer followed it:
    // that is not the reader leaving the bottom.
    if (atBottom === this.following || (this.following && el.scrollTop >= this.followedTo)) return;
    this.following = atBottom;
    if (atBottom) this.unseen = 0;
    this.host.requestUpdate();
  };
}
