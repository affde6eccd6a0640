/**
 * The English sentences of errors, loaded with the first error (Korean and Japanese tables
 * carry their own). Until they arrive an error reads `errorGeneric`.
 */
import type { AlliChatStrings, ErrorStringKey } from './strings.js';

export const enErrors: Pick<AlliChatStrings, ErrorStringKey> = {
  errorNetwork: 'You seem to be offline. Check your connection and try again.',
  errorSignIn: 'Your chat session could not be signed in. Reload the page and try again.',
  errorRateLimited: (s) => `Too many messages right now. Try again in ${s} s.`,
  errorServer: 'Alli is having trouble answering. Try again in a moment.',
  errorCodes: {
    USER_MISMATCH: 'You seem to be signed in as someone else now. Reload the page to continue.',
    CONVERSATION_ENDED: 'This conversation has ended. Start a new one to continue.',
    CONVERSATION_BUSY: 'Alli is still answering your last message. Wait for it, then send again.',
    NOT_FOUND: 'This conversation could not be found. Start a new one to continue.',
    BAD_REQUEST: 'Alli could not read that message. Try again, or start a new conversation.',
    API_BASE_MISMATCH: 'The chat is not set up correctly on this page, so it cannot connect. Please tell the site’s owner.',
  },
  errorConnectionLost: 'The connection was lost before Alli answered.',
  errorStalled: 'Alli stopped responding.',
  errorTokenUnavailable: 'The sign-in service can’t be reached right now. Try again in a moment.',
  errorServerDetail: (detail) => `Alli is having trouble answering (${detail}). Try again in a moment.`,
  notConfigured: 'This chat isn’t set up yet, so it can’t start. The site’s developer will find why in the browser console.',
};
