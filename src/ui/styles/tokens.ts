/**
 * The styling contract of `<alli-chat>`: public custom properties in two tiers (a few globals,
 * then per-area tokens that default to them), read once on `:host` into private `--_*` copies.
 * Theme defaults (light, dark) live here too, so the contrast test checks the very values the
 * widget paints with. Pure data plus the CSS generated from it.
 */
import { unsafeCSS, type CSSResult } from 'lit';

type ThemeName = 'light' | 'dark';

/** Colours that change with the theme (private `--_theme-*` defaults). */
interface ThemeColours {
  accent: string;
  'accent-text': string;
  surface: string;
  'surface-alt': string;
  text: string;
  'text-muted': string;
  /** Separators: decorative, no contrast requirement. */
  border: string;
  /** Boundaries of controls (inputs, secondary buttons): ≥ 3:1 against the surface. */
  'control-border': string;
  danger: string;
  'danger-surface': string;
  shadow: string;
}

const THEMES: Readonly<Record<ThemeName, ThemeColours>> = {
  light: {
    accent: '#2f4bdb',
    'accent-text': '#ffffff',
    surface: '#ffffff',
    'surface-alt': '#eef1f6',
    text: '#1b2130',
    'text-muted': '#535d70',
    border: '#dde1e9',
    'control-border': '#7c8599',
    danger: '#b3261e',
    'danger-surface': '#fdecea',
    shadow: '0 12px 32px rgba(17, 24, 39, 0.18), 0 2px 6px rgba(17, 24, 39, 0.08)',
  },
  dark: {
    accent: '#9aaaff',
    'accent-text': '#0c1024',
    surface: '#161922',
    'surface-alt': '#252a36',
    text: '#e9ecf3',
    'text-muted': '#aab2c3',
    border: '#323847',
    'control-border': '#7a8396',
    danger: '#ff9b91',
    'danger-surface': '#3a1f1f',
    shadow: '0 12px 32px rgba(0, 0, 0, 0.55), 0 2px 6px rgba(0, 0, 0, 0.4)',
  },
};

export interface TokenDoc {
  /** Without the `--alli-chat-` prefix. */
  name: string;
  tier: 'global' | 'area';
  /** The private copy's fallback: a theme colour, another token's private copy, or a value. */
  fallback: string;
}

const theme = (key: keyof ThemeColours) => `var(--_theme-${key})`;

/**
 * Every public custom property. What each one styles is written once, in the element's JSDoc
 * (`@cssprop`), which the README's table and the manifest come from; a test checks that the
 * three name the same properties. Nothing here but what the browser needs.
 */
export const TOKENS: readonly TokenDoc[] = [
  { name: 'accent', tier: 'global', fallback: theme('accent') },
  { name: 'accent-text', tier: 'global', fallback: theme('accent-text') },
  { name: 'surface', tier: 'global', fallback: theme('surface') },
  { name: 'text', tier: 'global', fallback: theme('text') },
  {
    name: 'font',
    tier: 'global',
   
    fallback: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans KR', 'Noto Sans JP', 'Apple SD Gothic Neo', 'Hiragino Sans', sans-serif",
  },
  { name: 'font-size', tier: 'global', fallback: '15px' },
  { name: 'radius', tier: 'global', fallback: '12px' },
  { name: 'density', tier: 'global', fallback: '1' },
  { name: 'surface-alt', tier: 'area', fallback: theme('surface-alt') },
  { name: 'text-muted', tier: 'area', fallback: theme('text-muted') },
  { name: 'border', tier: 'area', fallback: theme('border') },
  { name: 'control-border', tier: 'area', fallback: theme('control-border') },
  { name: 'danger', tier: 'area', fallback: theme('danger') },
  { name: 'focus-ring', tier: 'area', fallback: '0 0 0 2px var(--_surface), 0 0 0 4px var(--_accent)' },
  { name: 'shadow', tier: 'area', fallback: theme('shadow') },
  { name: 'header-bg', tier: 'area', fallback: 'var(--_surface)' },
  { name: 'header-text', tier: 'area', fallback: 'var(--_text)' },
  { name: 'user-bubble-bg', tier: 'area', fallback: 'var(--_accent)' },
  { name: 'user-bubble-text', tier: 'area', fallback: 'var(--_accent-text)' },
  { name: 'bot-bubble-bg', tier: 'area', fallback: 'var(--_surface-alt)' },
  { name: 'bot-bubble-text', tier: 'area', fallback: 'var(--_text)' },
  { name: 'option-bg', tier: 'area', fallback: 'var(--_surface)' },
  { name: 'option-text', tier: 'area', fallback: 'var(--_accent)' },
  { name: 'option-border', tier: 'area', fallback: 'var(--_accent)' },
  { name: 'input-bg', tier: 'area', fallback: 'var(--_surface)' },
  { name: 'input-text', tier: 'area', fallback: 'var(--_text)' },
  { name: 'launcher-bg', tier: 'area', fallback: 'var(--_accent)' },
  { name: 'launcher-text', tier: 'area', fallback: 'var(--_accent-text)' },
  { name: 'launcher-size', tier: 'area', fallback: '56px' },
  { name: 'offset-x', tier: 'area', fallback: '20px' },
  { name: 'offset-y', tier: 'area', fallback: '20px' },
  { name: 'z-index', tier: 'area', fallback: '2147483000' },
  { name: 'panel-width', tier: 'area', fallback: '400px' },
  { name: 'panel-height', tier: 'area', fallback: '640px' },
  { name: 'inline-height', tier: 'area', fallback: '600px' },
];

function declarations(entries: [string, string][]): string {
  return entries.map(([name, value]) => `${name}: ${value};`).join('\n');
}

function themeBlock(name: ThemeName): string {
  return declarations(Object.entries(THEMES[name] as unknown as Record<string, string>).map(([k, v]) => [`--_theme-${k}`, v]));
}

/**
 * `:host` gets the light defaults, dark ones under `theme="dark"` or, with `theme` unset or
 * `auto`, under a dark `prefers-color-scheme`; then each public token is copied once.
 */
export const tokenStyles: CSSResult = unsafeCSS(`
:host {
  color-scheme: light;
  ${themeBlock('light')}
}
:host([theme='dark']) {
  color-scheme: dark;
  ${themeBlock('dark')}
}
@media (prefers-color-scheme: dark) {
  :host(:not([theme='light'])) {
    color-scheme: dark;
    ${themeBlock('dark')}
  }
}
:host {
  ${declarations(TOKENS.map((t) => [`--_${t.name}`, `var(--alli-chat-${t.name}, ${t.fallback})`]))}
}
`);
