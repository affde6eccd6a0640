import type { CSSResult } from 'lit';

/**
 * Adds sheets to a shadow root that already has the shell's: the panel's and the forms' styles
 * arrive with their chunks. Constructed sheets (`adoptedStyleSheets`) work under a strict
 * `style-src 'self'`, where a `<style>` element would need 'unsafe-inline'.
 */
export function adoptStyles(root: Element | ShadowRoot | DocumentFragment, styles: readonly CSSResult[]): void {
  if (!(root instanceof ShadowRoot)) return;
  const sheets = styles.map((style) => style.styleSheet).filter((sheet): sheet is CSSStyleSheet => sheet !== undefined);
  const missing = sheets.filter((sheet) => !root.adoptedStyleSheets.includes(sheet));
  if (missing.length) root.adoptedStyleSheets = [...root.adoptedStyleSheets, ...missing];
}
