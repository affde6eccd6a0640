// @ts-check
/**
 * The scripted campaign app `demo`: a greeting with three options, each leading somewhere
 * different — a streamed LLM answer with steps and citations, a file check, a booking form —
 * and free text answered at any point, so every part of the widget has something real to show.
 */
import { draftMessage } from './draft.js';
import { validateForm, formatBytes } from './forms.js';
import { nextNodeId } from './store.js';
import { latestBotNode } from './turn-input.js';

/** @typedef {import('./turn.js').Turn} Turn */
/** @typedef {import('./turn-input.js').TurnInput} TurnInput */
/** @typedef {import('./store.js').ResponseNode} ResponseNode */
/** @typedef {import('../../src/model/types.js').ChatOptionInfo} ChatOptionInfo */
/** @typedef {import('../../src/model/types.js').FormDefinition} FormDefinition */

/**
 * What an option does travels in its `meta` (JSON), so any node's buttons can reuse it.
 * @param {Record<string, string>} fields
 */
const meta = (fields) => JSON.stringify(fields);

/** @type {ChatOptionInfo[]} */
const MENU_OPTIONS = [
  {
    shortenOption: 'How does Alli answer?',
    longOption: 'How does Alli answer questions from our documents?',
    meta: meta({ action: 'ask' }),
    style: { bgColor: '#1f4ed8', fontColor: '#ffffff', lineColor: '#1e40af', bold: true },
  },
  {
    shortenOption: 'Check a file',
    longOption: 'I would like to send you a file to check.',
    meta: meta({ action: 'file' }),
    style: { bgColor: '#ecfdf5', fontColor: '#065f46', lineColor: '#10b981' },
  },
  {
    shortenOption: 'Book a demo',
    longOption: 'I would like to book a product demo.',
    meta: meta({ action: 'form' }),
    style: { bgColor: '#fff7ed', fontColor: '#9a3412', lineColor: '#fb923c', italic: true },
  },
];

/** @type {ChatOptionInfo[]} */
const FILE_PROMPT_OPTIONS = [
  { shortenOption: 'Never mind', longOption: 'Never mind, back to the menu.', meta: meta({ action: 'menu' }) },
  {
    shortenOption: 'Upload tips',
    longOption: 'Open the upload tips in a new tab',
    meta: meta({ url: 'https://docs.allganize.ai/' }),
  },
];

/** @type {FormDefinition} */
const BOOKING_FORM = {
  id: 'demo-booking',
  title: 'Book a product demo',
  description: 'Tell us a little about your team and we will set up a 30-minute session.',
  submitLabel: 'Book my demo',
  fields: [
    { name: 'fullName', label: 'Full name', type: 'text', required: true, placeholder: 'Jane Doe', validation: { maxLength: 80 } },
    { name: 'email', label: 'Work email', type: 'email', required: true, placeholder: 'jane@company.com' },
    {
      name: 'phone',
      label: 'Phone',
      type: 'tel',
      required: false,
      placeholder: '+1 555 0100',
      validation: { pattern: '\\+?[0-9 ()\\-]{7,20}', message: 'Use digits, spaces, brackets and dashes (7 to 20).' },
    },
    {
      name: 'teamSize',
      label: 'Team size',
      type: 'number',
      required: true,
      validation: { min: 1, max: 5000, message: 'Enter a team size between 1 and 5000.' },
    },
    { name: 'preferredDate', label: 'Preferred date', type: 'date', required: true },
    {
      name: 'region',
      label: 'Region',
      type: 'select',
      required: true,
      options: [
        { value: 'us', label: 'United States' },
        { value: 'ja', label: 'Japan' },
        { value: 'kr', label: 'Korea' },
        { value: 'eu', label: 'Europe' },
      ],
    },
    {
      name: 'interests',
      label: 'What would you like to see?',
      type: 'checkbox',
      required: false,
      multiple: true,
      options: [
        { value: 'answers', label: 'Document answers' },
        { value: 'agents', label: 'Agents and workflows' },
        { value: 'widget', label: 'The website chat widget' },
      ],
    },
    { name: 'notes', label: 'Anything else?', type: 'textarea', required: false, validation: { maxLength: 500 } },
    { name: 'newsletter', label: 'Send me product news', type: 'boolean', required: false },
    {
      name: 'brief',
      label: 'Requirements document',
      type: 'file',
      required: false,
      accept: '.pdf,.docx,.txt,image/*',
      maxFiles: 2,
      maxBytes: 5 * 1024 * 1024,
    },
  ],
};

const LLM_ANSWER = `## How Alli answers from your documents

Alli reads the documents you connect — PDFs, Word files, web pages — and finds the passages that match each question **before** it writes a word. The answer is grounded in those passages, and each claim links back to its source.

1. **Search**: the question is matched against your knowledge bases.
2. **Read**: the best passages are ranked and read in full.
3. **Write**: a short answer is drafted and checked against the sources.

> 한국어로 질문하셔도 같은 방식으로 답변합니다. 문서가 한국어여도 괜찮아요! 🙌

| Source | Where |
| --- | --- |
| Alli User Guide | page 12 |
| docs.allganize.ai | Knowledge base overview |

Want to try it? Ask me anything, for example \`How do I reset my password?\` ✨`;

/** @type {NonNullable<ResponseNode['citations']>} */
const CITATIONS = [
  {
    clueId: 'clue-guide-p12',
    source: 'DOCUMENT',
    title: 'Alli User Guide.pdf',
    knowledgeBaseId: 'kb-user-guide',
    pageNo: 12,
    url: null,
    text: 'Answers are generated only from passages retrieved from the connected knowledge bases.',
  },
  {
    clueId: 'clue-web-kb',
    source: 'WEB',
    title: 'Knowledge base overview — Allganize Docs',
    url: 'https://docs.allganize.ai/',
    text: 'Connect files, web pages and FAQs; Alli keeps them searchable and cites them in answers.',
  },
];

/** @type {import('./apps.js').ConversationApp} */
export const demoApp = {
  info: {
    id: 'demo',
    name: 'Alli demo assistant',
    description: 'A scripted campaign that shows every kind of message the widget can display.',
    type: 'campaign',
    category: 'Customer support',
    published: true,
    agentPermission: { viewAccessToAgent: true, accessAgents: null, accessPermissionGroups: null },
    userPermission: { viewAccessToUser: true, ownUserIds: null, customerGroups: null },
  },
  start: greet,
  respond,
};

/**
 * First turn: the greeting; an opening line, if the user typed one, is answered after it.
 * @param {Turn} turn
 * @param {TurnInput} input
 */
async function greet(turn, input) {
  await turn.pause(4);
  turn.add(greetingNode(turn));
  turn.setState('WAIT_USER_ANSWER');
  if (input.message !== '') {
    turn.add(userNode(turn, input.message, input));
    await replyToText(turn, input.message);
  }
  return 'waiting_input';
}

/**
 * @param {Turn} turn
 * @param {TurnInput} input
 */
async function respond(turn, input) {
  switch (input.kind) {
    case 'choices':
      return onChoice(turn, input);
    case 'form':
      return onForm(turn, input);
    case 'fileIds':
      turn.add(userNode(turn, `Files: ${input.fileIds.join(', ')}`, input));
      await turn.pause(3);
      turn.add(menuNode(turn, `I can see ${input.fileIds.length} file reference(s): ${input.fileIds.join(', ')}. What next?`));
      return 'waiting_input';
    default:
      turn.add(userNode(turn, input.message, input));
      if (input.files.length > 0) await acknowledgeFiles(turn, input);
      else await replyToText(turn, input.message);
      turn.setState('WAIT_USER_ANSWER');
      return 'waiting_input';
  }
}

/**
 * @param {Turn} turn
 * @param {TurnInput} input
 */
async function onChoice(turn, input) {
  const options = latestBotNode(turn.conversation)?.chatOptionInfos ?? [];
  const chosen = input.choices.map((i) => options[i]);
  turn.add(userNode(turn, chosen.map((o) => o.longOption).join(', '), input));
  const action = actionOf(chosen[0]);
  if (action === 'ask') {
    await answerWithLlm(turn);
  } else if (action === 'file') {
    await turn.pause(3);
    turn.add(filePromptNode(turn));
  } else if (action === 'form') {
    await turn.pause(3);
    turn.add(formNode(turn));
  } else {
    await turn.pause(2);
    turn.add(menuNode(turn, 'Sure. What would you like to do?'));
  }
  turn.setState('WAIT_USER_ANSWER');
  return 'waiting_input';
}

/** @param {ChatOptionInfo | undefined} option */
function actionOf(option) {
  try {
    return JSON.parse(option?.meta ?? '{}').action;
  } catch {
    return undefined;
  }
}

/**
 * A streamed Markdown answer: progress steps, citations, many small deltas, then `final` as the
 * last thing in the stream. The menu rides on the answer itself so nothing follows `final`.
 * @param {Turn} turn
 */
async function answerWithLlm(turn) {
  turn.ping();
  const node = botNode(turn, {
    type: 'llm',
    message: '',
    messageFormat: 'markdown',
    completed: false,
    citations: [],
    chatOptionInfos: MENU_OPTIONS,
    allowTextInput: true,
  });
  turn.add(node);
  turn.step(node, { key: 'search', completed: false, createdAt: new Date().toISOString(), statusMessage: 'Searching documents…' });
  await turn.pause(12);
  turn.step(node, {
    key: 'search',
    completed: true,
    createdAt: new Date().toISOString(),
    statusMessage: 'Found 2 relevant sources',
    markdownMessage: 'Searched **2 knowledge bases** and the web.',
  });
  node.citations = CITATIONS;
  turn.update(node);
  turn.step(node, { key: 'write', completed: false, createdAt: new Date().toISOString(), statusMessage: 'Writing the answer…' });
  await turn.pause(4);
  await turn.streamText(node, LLM_ANSWER);
  turn.step(node, { key: 'write', completed: true, createdAt: new Date().toISOString(), statusMessage: 'Answer ready' });
  turn.final(node, LLM_ANSWER, 'markdown');
}

/**
 * Free text: a short streamed reply in the user's script (Korean or English).
 * @param {Turn} turn
 * @param {string} text
 */
async function replyToText(turn, text) {
  turn.ping();
  const node = botNode(turn, {
    type: 'llm',
    message: '',
    messageFormat: 'markdown',
    completed: false,
    chatOptionInfos: MENU_OPTIONS,
    allowTextInput: true,
  });
  turn.add(node);
  await turn.pause(4);
  const reply = textReply(text);
  await turn.streamText(node, reply);
  turn.final(node, reply, 'markdown');
}

/** @param {string} text */
function textReply(text) {
  const quoted = escapeMarkdown(truncate(text, 200));
  const length = Array.from(text).length;
  if (/[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/u.test(text)) {
    return `“${quoted}”라고 하셨네요. 😊\n\n저는 데모용 어시스턴트라 들은 말을 되돌려 드리는 것밖에 못 하지만, 지금 보시는 스트리밍은 진짜예요: ${length}자를 잘게 나눠 보냈습니다. 아래 버튼으로 다른 기능도 둘러보세요.`;
  }
  return `You said: “${quoted}” 👍\n\nI'm a demo assistant, so all I can do is play it back — but the streaming is real: your ${length} characters came back in small pieces. Try the buttons below to see more.`;
}

/**
 * @param {string} text
 * @param {number} max code points
 */
function truncate(text, max) {
  const points = Array.from(text);
  return points.length > max ? `${points.slice(0, max).join('')}…` : text;
}

/** Echoed text is the user's: escape it so it reads back literally, not as Markdown. @param {string} text */
function escapeMarkdown(text) {
  return text.replace(/[\\`*_[\]<>#|~]/g, (c) => `\\${c}`).replace(/\s*\n\s*/g, ' ');
}

/**
 * @param {Turn} turn
 * @param {TurnInput} input
 */
async function acknowledgeFiles(turn, input) {
  await turn.pause(6);
  const lines = input.files.map(
    (f) => `- **${escapeMarkdown(f.name)}** (${f.type || 'unknown type'}, ${f.field}) — ${f.size.toLocaleString('en-US')} bytes (${formatBytes(f.size)}), SHA-256 \`${f.sha256}\``,
  );
  const count = input.files.length === 1 ? 'one file' : `${input.files.length} files`;
  const note = input.message ? `\n\nYour note: “${escapeMarkdown(truncate(input.message, 200))}”` : '';
  const node = botNode(turn, {
    type: 'message',
    messageFormat: 'markdown',
    message: `Got ${count}, thank you. Here is what arrived:\n\n${lines.join('\n')}${note}\n\nCompare the checksums with your copy to be sure nothing changed on the way.`,
    chatOptionInfos: MENU_OPTIONS,
    allowTextInput: true,
  });
  turn.add(node);
}

/**
 * A form submission: checked field by field; on failure `FORM_INVALID` and the form stays.
 * @param {Turn} turn
 * @param {TurnInput} input
 */
async function onForm(turn, input) {
  const form = latestBotNode(turn.conversation)?.form ?? BOOKING_FORM;
  const values = input.form ?? {};
  await turn.pause(3);
  const fields = validateForm(form, values, input.formFiles);
  if (Object.keys(fields).length > 0) {
    turn.error({ status: 400, code: 'FORM_INVALID', message: 'Some answers need another look.', retryable: false, fields });
    return 'waiting_input';
  }
  turn.add(userNode(turn, formSummary(form, values), input));
  await turn.pause(4);
  const name = escapeMarkdown(String(values.fullName));
  const email = escapeMarkdown(String(values.email));
  turn.add(
    botNode(turn, {
      type: 'message',
      messageFormat: 'markdown',
      message: `Thanks, **${name}**! Your demo request for **${values.preferredDate}** is in. We will write to **${email}** within one business day to confirm the time.`,
    }),
  );
  await turn.pause(3);
  turn.add(botNode(turn, { type: 'message', messageFormat: 'text', message: 'This conversation has ended. You can start a new one at any time. 👋' }));
  turn.setState('END_OF_CHATBOT');
  return 'ended';
}

/**
 * The user's form answers as readable text, labels first.
 * @param {FormDefinition} form
 * @param {Record<string, unknown>} values
 */
function formSummary(form, values) {
  const lines = form.fields
    .filter((f) => values[f.name] !== undefined && values[f.name] !== null && values[f.name] !== '')
    .map((f) => `${f.label}: ${displayValue(f, values[f.name])}`);
  return [form.title ?? 'Form', ...lines].join('\n');
}

/**
 * @param {import('../../src/model/types.js').FormField} field
 * @param {unknown} value
 */
function displayValue(field, value) {
  const labelOf = (/** @type {unknown} */ v) => field.options?.find((o) => o.value === v)?.label ?? String(v);
  if (field.type === 'file' && Array.isArray(value)) return value.map((ref) => ref?.name).join(', ');
  if (Array.isArray(value)) return value.map(labelOf).join(', ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return labelOf(value);
}

/** @param {Turn} turn */
function greetingNode(turn) {
  const message = draftMessage([
    { text: '👋 Hi there! I am Alli, the Allganize assistant.', styles: [['Alli', 'BOLD']] },
    { text: 'Here is what I can do for you today:', styles: [['what I can do', 'ITALIC']] },
    { text: 'Answer questions from your documents 📄', type: 'unordered-list-item', styles: [['documents', 'BOLD']] },
    { text: 'Check that a file arrived intact', type: 'unordered-list-item' },
    { text: 'Book a product demo with our team', type: 'unordered-list-item', styles: [['product demo', 'ITALIC']] },
    { text: '궁금한 점은 한국어로 물어보셔도 돼요 🙂 — more on our website.', links: [['our website', 'https://www.allganize.ai/en']], styles: [['한국어', 'BOLD']] },
  ]);
  return botNode(turn, { type: 'message', messageFormat: 'draftjs', message, chatOptionInfos: MENU_OPTIONS, allowTextInput: true });
}

/**
 * @param {Turn} turn
 * @param {string} text
 */
function menuNode(turn, text) {
  return botNode(turn, { type: 'message', messageFormat: 'text', message: text, chatOptionInfos: MENU_OPTIONS, allowTextInput: true });
}

/** @param {Turn} turn */
function filePromptNode(turn) {
  return botNode(turn, {
    type: 'file',
    messageFormat: 'text',
    message: 'Attach a document or an image (up to 10 MB each) and I will tell you its size and SHA-256 checksum, so you can see it arrived intact.',
    chatOptionInfos: FILE_PROMPT_OPTIONS,
    allowTextInput: true,
  });
}

/** @param {Turn} turn */
function formNode(turn) {
  return botNode(turn, {
    type: 'form',
    messageFormat: 'text',
    message: 'Great! A few details and we will find a time that works for you.',
    form: BOOKING_FORM,
  });
}

/**
 * A complete bot node unless told otherwise.
 * @param {Turn} turn
 * @param {Partial<ResponseNode> & { message: string }} fields
 * @returns {ResponseNode}
 */
function botNode(turn, fields) {
  return { id: nextNodeId(turn.conversation), type: 'message', sender: 'BOT', createdAt: Date.now(), completed: true, ...fields };
}

/**
 * The user's side of a turn, as it goes into the history.
 * @param {Turn} turn
 * @param {string} message
 * @param {TurnInput} input
 * @returns {ResponseNode}
 */
function userNode(turn, message, input) {
  /** @type {ResponseNode} */
  const node = { id: nextNodeId(turn.conversation), type: 'message', sender: 'USER', message, messageFormat: 'text', createdAt: Date.now(), completed: true };
  const files = [...input.files, ...input.formFiles];
  if (files.length > 0) {
    node.files = files.map((f) => ({ id: `F${f.sha256.slice(0, 12)}`, name: f.name, mimeType: f.type, size: f.size }));
  }
  return node;
}
