// The strict-CSP demo page's only script: the widget, plus a list of every CSP violation the
// page sees (built with text nodes, so the page itself needs no Trusted Types policy).
import '../../src/alli-chat.js';

const list = document.getElementById('violations');
const count = document.getElementById('violation-count');
const seen: string[] = [];

document.addEventListener(
  'securitypolicyviolation',
  (event) => {
    const line = `${event.effectiveDirective} blocked ${event.blockedURI || '(inline)'} ${event.sample ? `“${event.sample}”` : ''}`.trim();
    seen.push(line);
    const item = document.createElement('li');
    item.textContent = line;
    list?.append(item);
    if (count) count.textContent = `${seen.length} violation${seen.length === 1 ? '' : 's'}`;
  },
  true,
);
