// @ts-check
/**
 * The mock project's people and settings that several operations look up: its agents (the
 * `AGENT-EMAIL` header, `agentPermission.accessAgents`), permission groups, registered LLM models
 * and project variables.
 */
import { RequestError } from './http.js';

export const PROJECT = Object.freeze({ id: 'mock-project', nluLanguage: 'en' });

export const AGENTS = Object.freeze([
  { id: 'agent-mina', email: 'mina.park@example.com', name: 'Mina Park' },
  { id: 'agent-sam', email: 'sam.lee@example.com', name: 'Sam Lee' },
]);

export const PERMISSION_GROUPS = Object.freeze([
  { id: 'pg-support', name: 'Support team' },
  { id: 'pg-hr', name: 'People & HR' },
]);

/** Model names `llmModel` may take (the reference: "a registered model name (lowercase)"). */
export const LLM_MODELS = Object.freeze(['gpt-4o', 'gpt-4o-mini', 'claude-3-5-sonnet', 'gemini-1.5-pro']);

/** Project variables `requiredVariables` can ask for. */
export const PROJECT_VARIABLES = Object.freeze({ company_name: 'Example Corp', support_email: 'help@example.com', office_timezone: 'Asia/Seoul' });

/** Locales the v1 app list can name apps in. */
export const LOCALES = Object.freeze(['en', 'ko', 'ja']);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Checks of the documented optional headers beyond "is a string": `USER-EMAIL` must be an
 * address, and `AGENT-EMAIL` must name one of the project's agents.
 * @param {import('node:http').IncomingHttpHeaders} headers
 * @returns {{ agent: typeof AGENTS[number] | undefined, userEmail: string | undefined }}
 */
export function checkIdentityHeaders(headers) {
  const userEmail = single(headers['user-email']);
  if (userEmail !== undefined && !EMAIL.test(userEmail)) {
    throw new RequestError(400, 'BAD_REQUEST', `USER-EMAIL must be an email address; got "${userEmail.slice(0, 80)}"`, 'USER-EMAIL');
  }
  const agentEmail = single(headers['agent-email']);
  const agent = agentEmail === undefined ? undefined : AGENTS.find((a) => a.email === agentEmail.toLowerCase());
  if (agentEmail !== undefined && !agent) {
    throw new RequestError(400, 'BAD_REQUEST', `AGENT-EMAIL ${agentEmail.slice(0, 80)} is not an agent of this project`, 'AGENT-EMAIL');
  }
  return { agent, userEmail };
}

/** @param {string | string[] | undefined} value */
function single(value) {
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text === '' ? undefined : text;
}
