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
  description: string;
  /** The private copy's fallback: a theme colour, another token's private copy, or a value. */
  fallback: string;
}

const theme = (key: keyof ThemeColours) => `var(--_theme-${key})`;

/** Every public custom property, documented. README's table is checked against this list. */
export const TOKENS: readonly TokenDoc[] = [
  { name: 'accent', tier: 'global', description: 'Accent colour: buttons, user bubbles, focus.', fallback: theme('accent') },
  { name: 'accent-text', tier: 'global', description: 'Text on the accent colour.', fallback: theme('accent-text') },
  { name: 'surface', tier: 'global', description: 'Panel background.', fallback: theme('surface') },
  { name: 'text', tier: 'global', description: 'Main text colour.', fallback: theme('text') },
  {
    name: 'font',
    tier: 'global',
    description: 'Font family.',
    fallback: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans KR', 'Noto Sans JP', 'Apple SD Gothic Neo', 'Hiragino Sans', sans-serif",
  },
  { name: 'font-size', tier: 'global', description: 'Base font size of the transcript.', fallback: '15px' },
  { name: 'radius', tier: 'global', description: 'Corner radius of the panel and bubbles.', fallback: '12px' },
  { name: 'density', tier: 'global', description: 'Spacing multiplier: 1 comfortable, 0.8 compact.', fallback: '1' },
  { name: 'surface-alt', tier: 'area', description: 'Secondary background (bot bubbles, banners).', fallback: theme('surface-alt') },
  { name: 'text-muted', tier: 'area', description: 'Secondary text (times, sizes, sources).', fallback: theme('text-muted') },
  { name: 'border', tier: 'area', description: 'Separator lines.', fallback: theme('border') },
  { name: 'control-border', tier: 'area', description: 'Borders of inputs and secondary buttons.', fallback: theme('control-border') },
  { name: 'danger', tier: 'area', description: 'Errors and failed messages.', fallback: theme('danger') },
  { name: 'focus-ring', tier: 'area', description: 'Focus indicator (a box-shadow value).', fallback: '0 0 0 2px var(--_surface), 0 0 0 4px var(--_accent)' },
  { name: 'shadow', tier: 'area', description: 'Shadow of the launcher panel and button.', fallback: theme('shadow') },
  { name: 'header-bg', tier: 'area', description: 'Header background.', fallback: 'var(--_surface)' },
  { name: 'header-text', tier: 'area', description: 'Header text.', fallback: 'var(--_text)' },
  { name: 'user-bubble-bg', tier: 'area', description: 'User bubble background.', fallback: 'var(--_accent)' },
  { name: 'user-bubble-text', tier: 'area', description: 'User bubble text.', fallback: 'var(--_accent-text)' },
  { name: 'bot-bubble-bg', tier: 'area', description: 'Bot bubble background.', fallback: 'var(--_surface-alt)' },
  { name: 'bot-bubble-text', tier: 'area', description: 'Bot bubble text.', fallback: 'var(--_text)' },
  { name: 'option-bg', tier: 'area', description: 'Option button background (unless the app styles it).', fallback: 'var(--_surface)' },
  { name: 'option-text', tier: 'area', description: 'Option button text.', fallback: 'var(--_accent)' },
  { name: 'option-border', tier: 'area', description: 'Option button border.', fallback: 'var(--_accent)' },
  { name: 'input-bg', tier: 'area', description: 'Text box background.', fallback: 'var(--_surface)' },
  { name: 'input-text', tier: 'area', description: 'Text box text.', fallback: 'var(--_text)' },
  { name: 'launcher-bg', tier: 'area', description: 'Launcher button background.', fallback: 'var(--_accent)' },
  { name: 'launcher-text', tier: 'area', description: 'Launcher icon colour.', fallback: 'var(--_accent-text)' },
  { name: 'launcher-size', tier: 'area', description: 'Launcher button size.', fallback: '56px' },
  { name: 'offset-x', tier: 'area', description: 'Launcher distance from the left/right edge.', fallback: '20px' },
  { name: 'offset-y', tier: 'area', description: 'Launcher distance from the top/bottom edge.', fallback: '20px' },
  { name: 'z-index', tier: 'area', description: 'Stacking level of the launcher and its panel.', fallback: '2147483000' },
  { name: 'panel-width', tier: 'area', description: 'Launcher panel width.', fallback: '400px' },
  { name: 'panel-height', tier: 'area', description: 'Launcher panel height.', fallback: '640px' },
  { name: 'inline-height', tier: 'area', description: 'Inline widget height; the transcript scrolls inside it (`100%` fills a container that has a height).', fallback: '600px' },
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
