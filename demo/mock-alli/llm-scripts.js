// @ts-check
/**
 * What the mock's LLM apps say through `/run`: the `handbook` agent searches a small handbook
 * (intermediate steps `search` and `write`, citations of the passages it used) and keeps the topic
 * of a stateful conversation for follow-ups; single-action apps fill their prompt with the inputs.
 */
import { nextNodeId } from './store.js';

/** @typedef {import('./turn.js').Turn} Turn */
/** @typedef {import('./store.js').ResponseNode} ResponseNode */

const HANDBOOK = 'Employee Handbook 2026.pdf';

/** @type {{ topic: string, words: RegExp, answer: string, citations: import('../../src/model/types.js').Citation[] }[]} */
const TOPICS = [
  {
    topic: 'annual leave',
    words: /leave|vacation|holiday|day off|days off|휴가/i,
    answer: 'Full-time employees get **15 days of annual leave** a year, plus one day for every two years of service (up to 25).\n\n- Ask your manager at least a week ahead in the HR portal.\n- Up to 5 unused days carry over to the next year.',
    citations: [
      { clueId: 'clue-leave-1', source: 'DOCUMENT', title: HANDBOOK, knowledgeBaseId: 'kb-handbook', pageNo: 14, url: null, text: 'Annual leave: 15 days per year, increasing by one day every two years of service, to a maximum of 25.' },
      { clueId: 'clue-leave-2', source: 'FAQ', title: 'How do I carry over leave?', text: 'Up to five unused days move to the next calendar year automatically.' },
    ],
  },
  {
    topic: 'remote work',
    words: /remote|home|hybrid|재택/i,
    answer: 'You may work remotely **up to three days a week** once your probation is over.\n\n1. Agree the days with your team lead.\n2. Keep core hours (10:00–16:00) reachable.',
    citations: [
      { clueId: 'clue-remote-1', source: 'DOCUMENT', title: HANDBOOK, knowledgeBaseId: 'kb-handbook', pageNo: 22, url: null, text: 'After probation, employees may work remotely up to three days per week.' },
      { clueId: 'clue-remote-2', source: 'WEB', title: 'Hybrid work guide — intranet', url: 'https://intranet.example.com/hybrid', text: 'Core hours are 10:00 to 16:00 in your local office time zone.' },
    ],
  },
  {
    topic: 'expenses',
    words: /expense|receipt|reimburs/i,
    answer: 'Submit receipts in the expense tool **within 30 days**; claims under ₩100,000 need no manager approval.',
    citations: [{ clueId: 'clue-expense-1', source: 'DOCUMENT', title: HANDBOOK, knowledgeBaseId: 'kb-handbook', pageNo: 31, url: null, text: 'Expense claims must be filed within 30 days of purchase.' }],
  },
];

/**
 * @param {Turn} turn
 * @param {string} question
 * @param {string[]} earlier the user's earlier questions in this conversation
 */
export async function handbookAnswer(turn, question, earlier) {
  const topicOf = (/** @type {string} */ text) => TOPICS.find((t) => t.words.test(text));
  // A follow-up with no topic of its own ("and how do I ask?") continues the last one.
  const previous = [...earlier].reverse().map(topicOf).find(Boolean);
  const found = topicOf(question) ?? previous;
  const node = llmNode(turn);
  turn.add(node);
  turn.ping();
  const now = () => new Date().toISOString();
  turn.step(node, { key: 'search', completed: false, createdAt: now(), statusMessage: 'Searching the handbook' });
  await turn.pause(4);
  turn.step(node, {
    key: 'search', completed: true, createdAt: now(), statusMessage: 'Searching the handbook',
    markdownMessage: found ? `Found ${found.citations.length} passage(s) about *${found.topic}*.` : 'No matching passage.',
  });
  turn.step(node, { key: 'write', completed: false, createdAt: now(), statusMessage: 'Writing the answer' });
  let text = found ? found.answer : 'I could not find that in the employee handbook. Try asking about leave, remote work or expenses.';
  if (found && previous === found && !topicOf(question)) text = `Still on ${found.topic}: ${text}`;
  await turn.streamText(node, text);
  if (found) {
    node.citations = found.citations;
    turn.update(node);
  }
  turn.step(node, { key: 'write', completed: true, createdAt: now(), statusMessage: 'Writing the answer' });
  turn.final(node, text, 'markdown');
  turn.setState('WAIT_USER_ANSWER');
  return 'completed';
}

/**
 * @param {Turn} turn
 * @param {import('./apps.js').AppRecord} app
 * @param {Record<string, string>} values
 */
export async function singleActionAnswer(turn, app, values) {
  const definition = /** @type {import('./apps.js').SingleActionDefinition} */ (app.singleAction);
  const prompt = definition.messages
    .filter((m) => m.role === 'user')
    .map((m) => m.content.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name) => values[name] ?? ''))
    .join('\n');
  const node = llmNode(turn);
  turn.add(node);
  turn.step(node, { key: 'generate', completed: false, createdAt: new Date().toISOString(), statusMessage: `Running ${definition.name} on ${definition.llm_model}` });
  await turn.pause(3);
  // The mock has no model: a created app shows the prompt its inputs produced, which is what a test can check.
  const text = app.id === 'summarizer' ? summary(values.document, values.tone) : `**${app.name}** (${definition.llm_model}) was asked:\n\n> ${prompt.split('\n').join('\n> ')}`;
  await turn.streamText(node, text);
  turn.step(node, { key: 'generate', completed: true, createdAt: new Date().toISOString(), statusMessage: `Running ${definition.name} on ${definition.llm_model}` });
  turn.final(node, text, 'markdown');
  turn.setState('WAIT_USER_ANSWER');
  return 'completed';
}

/** @param {Turn} turn @returns {ResponseNode} */
function llmNode(turn) {
  return { id: nextNodeId(turn.conversation), type: 'llm', sender: 'BOT', message: '', messageFormat: 'markdown', createdAt: Date.now(), completed: false };
}

/**
 * A summary made of the document's own first sentences, one bullet each.
 * @param {string} document
 * @param {string} tone
 */
function summary(document, tone) {
  const bullets = firstSentences(document, 3).split('\n').map((s) => `- ${s}`).join('\n');
  return `${tone === 'friendly' ? 'Here is the gist 🙂' : 'Summary'}:\n\n${bullets}`;
}

/**
 * @param {string} text
 * @param {number} count
 */
function firstSentences(text, count) {
  const sentences = text.replace(/\s+/g, ' ').trim().match(/[^.!?。]+[.!?。]?/g) ?? [];
  return sentences.slice(0, count).map((s) => s.trim()).join('\n');
}
