// The demo page: registers the widget and lists the events it fires, to show the public API.
import '../src/alli-chat.js';

const EVENTS = [
  'alli-conversation-change',
  'alli-message-send',
  'alli-stream-start',
  'alli-message-receive',
  'alli-option-select',
  'alli-stream-end',
  'alli-error',
] as const;

function describe(event: Event): string {
  const e = event as Event & Record<string, unknown>;
  if ('reason' in e) return String(e.reason);
  if ('conversationId' in e) return String(e.conversationId ?? '(none)');
  if ('content' in e) return JSON.stringify(e.content);
  if ('indices' in e) return JSON.stringify(e.indices);
  if ('message' in e && typeof e.message === 'object' && e.message) return `node ${(e.message as { id: string }).id}`;
  if ('error' in e && e.error instanceof Error) return e.error.message;
  return '';
}

const log = document.getElementById('event-log');
const chat = document.getElementById('chat');
for (const type of EVENTS) {
  chat?.addEventListener(type, (event) => {
    const item = document.createElement('li');
    item.textContent = `${new Date().toLocaleTimeString()} ${type} ${describe(event)}`;
    log?.prepend(item);
  });
}
