/**
 * Traps for the hostile-content tests: dialogs and window.open are replaced and counted,
 * anchor clicks are recorded and then cancelled (no navigation ever leaves the test page),
 * CSP violations are collected, and every element in message content can be poked with
 * synthetic hover/focus/click.
 */
import { CONTENT_SELECTOR, parsedScheme } from './dom-check.js';

export interface Traps {
  /** alert/confirm/prompt/print calls, with their first argument. */
  readonly dialogs: string[];
  /** window.open calls (URL). */
  readonly opened: string[];
  /** hrefs of anchors that were clicked (recorded before the click was cancelled). */
  readonly clickedLinks: string[];
  /** securitypolicyviolation events: `directive blockedURI`. */
  readonly violations: string[];
  restore(): void;
}

const DIALOGS = ['alert', 'confirm', 'prompt', 'print'] as const;

export function installTraps(): Traps {
  const dialogs: string[] = [];
  const opened: string[] = [];
  const clickedLinks: string[] = [];
  const violations: string[] = [];
  const w = window as unknown as Record<string, unknown>;
  const saved = new Map<string, unknown>();
  for (const name of DIALOGS) {
    saved.set(name, w[name]);
    w[name] = (message?: unknown) => {
      dialogs.push(`${name}(${String(message)})`);
      return name === 'confirm' ? false : name === 'prompt' ? null : undefined;
    };
  }
  saved.set('open', window.open);
  window.open = ((url?: string | URL) => {
    opened.push(String(url));
    return null;
  }) as typeof window.open;

  const onClick = (event: Event) => {
    const anchor = event.composedPath().find((n): n is HTMLAnchorElement => n instanceof HTMLAnchorElement || (n instanceof Element && n.localName === 'a'));
    if (anchor) {
      clickedLinks.push(anchor.getAttribute('href') ?? '');
      event.preventDefault();
    }
    const submitter = event.composedPath().find((n) => n instanceof Element && (n.localName === 'form' || n.getAttribute?.('formaction') !== null));
    if (submitter) event.preventDefault();
  };
  const onSubmit = (event: Event) => event.preventDefault();
  const onViolation = (event: Event) => {
    const e = event as SecurityPolicyViolationEvent;
    violations.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sample ?? ''}`.trim());
  };
  window.addEventListener('click', onClick, true);
  window.addEventListener('submit', onSubmit, true);
  document.addEventListener('securitypolicyviolation', onViolation);

  return {
    dialogs,
    opened,
    clickedLinks,
    violations,
    restore() {
      for (const [name, value] of saved) w[name] = value;
      window.removeEventListener('click', onClick, true);
      window.removeEventListener('submit', onSubmit, true);
      document.removeEventListener('securitypolicyviolation', onViolation);
    },
  };
}

/** Our own controls that would start a turn or reset the widget: never poked. */
const CONTROLS = 'button.confirm, button.retry, .banner button, button.new';

/**
 * Synthetic hover, focus and click on every element in message content. Returns how many
 * elements were poked.
 */
export function pokeContent(shadow: ShadowRoot, selector: string = CONTENT_SELECTOR): number {
  const elements = [...shadow.querySelectorAll(selector)].flatMap((c) => [c, ...c.querySelectorAll('*')]);
  let poked = 0;
  for (const el of elements) {
    if (!el.isConnected || el.matches(CONTROLS)) continue;
    const init = { bubbles: true, composed: true, cancelable: true };
    el.dispatchEvent(new PointerEvent('pointerover', init));
    el.dispatchEvent(new MouseEvent('mouseover', init));
    el.dispatchEvent(new MouseEvent('mouseenter', { ...init, bubbles: false }));
    el.dispatchEvent(new MouseEvent('mousemove', init));
    if (el instanceof HTMLElement) el.focus();
    el.dispatchEvent(new FocusEvent('focus'));
    el.dispatchEvent(new FocusEvent('focusin', { bubbles: true, composed: true }));
    if (el instanceof HTMLElement) el.click();
    else el.dispatchEvent(new MouseEvent('click', init));
    el.dispatchEvent(new MouseEvent('mouseout', init));
    el.dispatchEvent(new FocusEvent('blur'));
    poked += 1;
  }
  return poked;
}

const LINK_SCHEMES = new Set(['http:', 'https:', 'mailto:', 'tel:']);

/** URLs (clicked or opened) whose scheme is not an allowed link scheme. */
export function unsafeUrls(urls: readonly string[]): string[] {
  return urls.filter((u) => {
    const scheme = parsedScheme(u);
    return !scheme || !LINK_SCHEMES.has(scheme);
  });
}
