/**
 * Option button colours come from the server (`ChatOptionInfo.style`). They are applied only
 * when they are plain CSS colours, and only as custom properties set through CSSOM: no inline
 * `style` attribute, so a strict `style-src` CSP holds.
 */
import type { ChatOptionStyle } from '../model/types.js';

const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const NUM = String.raw`[+-]?(?:\d+\.?\d*|\.\d+)(?:%|deg)?`;
const FUNC = new RegExp(String.raw`^(?:rgba?|hsla?)\(\s*${NUM}(?:\s*[,\s]\s*${NUM}){2}(?:\s*[,/]\s*${NUM})?\s*\)$`, 'i');
const NAMED = /^[a-z]{3,20}$/i;
const NOT_COLOURS = new Set(['inherit', 'initial', 'unset', 'revert', 'currentcolor', 'none', 'auto']);

/** A plain colour literal (hex, rgb/hsl with numbers, or a named colour), else undefined. */
export function plainCssColor(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim();
  if (v.length === 0 || v.length > 64) return undefined;
  if (HEX.test(v) || FUNC.test(v)) return v;
  if (NAMED.test(v) && !NOT_COLOURS.has(v.toLowerCase())) {
    // Named colours: the browser knows the list; without CSS (tests in Node) accept the shape.
    const css = (globalThis as { CSS?: { supports?(p: string, v: string): boolean } }).CSS;
    return !css?.supports || css.supports('color', v) ? v.toLowerCase() : undefined;
  }
  return undefined;
}

/** Custom properties for one option button, from its server style. */
export function optionStyleProperties(style: ChatOptionStyle | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!style || typeof style !== 'object') return out;
  const bg = plainCssColor(style.bgColor);
  const fg = plainCssColor(style.fontColor);
  const line = plainCssColor(style.lineColor);
  if (bg) out['--_option-bg-app'] = bg;
  if (fg) out['--_option-fg-app'] = fg;
  if (line) out['--_option-border-app'] = line;
  if (style.bold === true) out['--_option-weight'] = '700';
  if (style.italic === true) out['--_option-style'] = 'italic';
  if (style.underline === true) out['--_option-decoration'] = 'underline';
  return out;
}
