// The demo page: registers the widget, lists the events it fires, and drives its styling
// contract from a small theme panel (attributes and --alli-chat-* custom properties only).
import '../src/alli-chat.js';
import type { AlliChatElement } from '../src/ui/alli-chat.element.js';

const EVENTS = [
  'alli-conversation-change',
  'alli-message-send',
  'alli-stream-start',
  'alli-message-receive',
  'alli-option-select',
  'alli-file-upload',
  'alli-stream-end',
  'alli-error',
] as const;

const widgets = [...document.querySelectorAll<AlliChatElement>('alli-chat')];
const log = document.getElementById('event-log');

function describe(event: Event): string {
  const e = event as Event & Record<string, unknown>;
  if ('reason' in e) return String(e.reason);
  if ('sent' in e) return `${e.sent} / ${e.total} bytes`;
  if ('conversationId' in e) return String(e.conversationId ?? '(none)');
  if ('content' in e) return JSON.stringify(e.content, (_k, v) => (v instanceof File ? `${v.name} (${v.size} B)` : v));
  if ('indices' in e) return JSON.stringify(e.indices);
  if ('message' in e && typeof e.message === 'object' && e.message) return `node ${(e.message as { id: string }).id}`;
  if ('error' in e && e.error instanceof Error) return e.error.message;
  return '';
}

for (const widget of widgets) {
  for (const type of EVENTS) {
    widget.addEventListener(type, (event) => {
      const item = document.createElement('li');
      item.textContent = `${new Date().toLocaleTimeString()} #${widget.id} ${type} ${describe(event)}`;
      log?.prepend(item);
      while (log && log.children.length > 60) log.lastElementChild?.remove();
    });
  }
}

const PRESETS: Record<string, Record<string, string>> = {
  default: {},
  ocean: { '--alli-chat-accent': '#0b6e99', '--alli-chat-accent-text': '#ffffff', '--alli-chat-radius': '18px', '--alli-chat-bot-bubble-bg': '#e6f3f8' },
  forest: { '--alli-chat-accent': '#2e6b3a', '--alli-chat-accent-text': '#ffffff', '--alli-chat-radius': '6px', '--alli-chat-density': '0.85' },
  midnight: { theme: 'dark', '--alli-chat-accent': '#c4b5fd', '--alli-chat-accent-text': '#1e1b4b', '--alli-chat-radius': '14px' },
};

const panel = document.getElementById('theme-panel') as HTMLFormElement | null;

function setProperty(name: string, value: string | null): void {
  for (const widget of widgets) {
    if (value === null) widget.style.removeProperty(name);
    else widget.style.setProperty(name, value);
  }
}

function setAttribute(name: string, value: string): void {
  for (const widget of widgets) {
    if (name === 'lang' || name === 'dir') widget.setAttribute(name, value);
    else if (name === 'position' && widget.mode === 'launcher') widget.position = value as AlliChatElement['position'];
    else if (name === 'theme') widget.theme = value as AlliChatElement['theme'];
  }
}

panel?.addEventListener('input', (e) => {
  const input = e.target as HTMLInputElement | HTMLSelectElement;
  if (input.name.startsWith('--')) setProperty(input.name, `${input.value}${input.dataset.unit ?? ''}`);
  else setAttribute(input.name, input.value);
});

panel?.addEventListener('click', (e) => {
  const preset = (e.target as HTMLElement).closest<HTMLButtonElement>('[data-preset]')?.dataset.preset;
  if (!preset) return;
  for (const input of panel.querySelectorAll<HTMLInputElement>('input[name^="--"]')) setProperty(input.name, null);
  const values = PRESETS[preset] ?? {};
  setAttribute('theme', values.theme ?? 'auto');
  (panel.elements.namedItem('theme') as HTMLSelectElement).value = values.theme ?? 'auto';
  for (const [name, value] of Object.entries(values)) if (name.startsWith('--')) setProperty(name, value);
});

// The app picker: the host's list of apps; each app's type picks the transport.
interface DemoApp {
  id: string;
  name: string;
  type: string;
  transport: AlliChatElement['transport'];
  placement?: string;
}

const chat = document.getElementById('chat') as AlliChatElement | null;
const picker = document.getElementById('app-picker') as HTMLSelectElement | null;
const appStatus = document.getElementById('app-status');

async function listApps(): Promise<void> {
  if (!picker) return;
  try {
    const res = await fetch('/alli/apps');
    if (!res.ok) throw new Error(`the app list answered ${res.status}`);
    const { apps } = (await res.json()) as { apps: DemoApp[] };
    picker.replaceChildren(
      ...apps.map((app) => {
        const option = new Option(`${app.name} (${app.type})`, app.id, false, app.id === chat?.appId);
        option.dataset.transport = app.transport;
        if (app.placement) option.dataset.placement = app.placement;
        return option;
      }),
    );
    picker.dataset.ready = 'true';
  } catch (err) {
    // The picker keeps the demo app; the page still works without the list.
    if (appStatus) appStatus.textContent = `Could not list the apps: ${err instanceof Error ? err.message : String(err)}`;
  }
}

picker?.addEventListener('change', () => {
  const option = picker.selectedOptions[0];
  if (!chat || !option) return;
  chat.transport = (option.dataset.transport ?? 'conversation') as AlliChatElement['transport'];
  chat.placement = option.dataset.placement ?? '';
  chat.appId = option.value;
  if (appStatus) appStatus.textContent = `transport="${chat.transport}"${chat.placement ? ` placement="${chat.placement}"` : ''}`;
});

void listApps();
