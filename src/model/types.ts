/**
 * Wire types of the Alli conversation protocol (see docs/protocol.md §3–§7).
 * Pure data: no DOM, no Lit. Unknown fields from the server are tolerated everywhere.
 */

/** Alli's historical conversation states; unknown strings are accepted. */
export type ConversationStateName =
  | 'INIT'
  | 'WAIT_USER_ANSWER'
  | 'WAIT_USER_ANSWER_2'
  | 'WAIT_AGENT'
  | 'END_OF_CHATBOT'
  | 'END_BY_AGENT'
  | 'END_BY_USER'
  | 'INTERRUPTED'
  | (string & {});

/** Why a turn's stream ended (the `done` event's `reason`). */
export type DoneReason = 'waiting_input' | 'ended' | 'error' | 'stopped' | 'completed';

export interface ConversationRef {
  id: string;
  state: ConversationStateName;
}

export interface ChatOptionStyle {
  bgColor?: string;
  fontColor?: string;
  lineColor?: string;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
}

export interface ChatOptionInfo {
  /** The button label. */
  shortenOption: string;
  /** The full text: tooltip, and the echoed user bubble. */
  longOption: string;
  /** Opaque; JSON with `url` makes a link button. */
  meta: string;
  style?: ChatOptionStyle;
}

export interface IntermediateStep {
  key: string;
  completed: boolean;
  createdAt?: string;
  statusMessage?: string;
  markdownMessage?: string;
}

export interface Citation {
  clueId: string;
  source: 'DOCUMENT' | 'FAQ' | 'WEB' | (string & {});
  title?: string;
  knowledgeBaseId?: string;
  pageNo?: number;
  url?: string | null;
  text?: string;
}

export interface BotFile {
  id: string;
  name: string;
  url?: string;
  mimeType?: string;
  size?: number;
}

export type FormFieldType =
  | 'text'
  | 'textarea'
  | 'number'
  | 'email'
  | 'tel'
  | 'date'
  | 'select'
  | 'checkbox'
  | 'boolean'
  | 'file';

export interface FormField {
  name: string;
  label: string;
  type: FormFieldType;
  required: boolean;
  placeholder?: string;
  options?: { value: string; label: string }[];
  multiple?: boolean;
  validation?: { pattern?: string; message?: string; min?: number; max?: number; maxLength?: number };
  accept?: string;
  maxFiles?: number;
  maxBytes?: number;
}

export interface FormDefinition {
  id: string;
  title?: string;
  description?: string;
  submitLabel?: string;
  fields: FormField[];
}

export type MessageFormat = 'draftjs' | 'markdown' | 'text';

export interface ResponseNode {
  id: string;
  type: 'message' | 'llm' | 'form' | 'file' | (string & {});
  sender: 'BOT' | 'AGENT' | 'USER' | 'SYSTEM' | (string & {});
  /** Draft.js raw JSON in a string | Markdown | plain text. */
  message: string;
  /** A hint; the widget still detects the format. */
  messageFormat?: MessageFormat;
  /** Epoch ms. */
  createdAt: number;
  completed: boolean;
  chatOptionInfos?: ChatOptionInfo[];
  multipleOption?: boolean;
  allowTextInput?: boolean;
  form?: FormDefinition | null;
  citations?: Citation[];
  intermediateStep?: IntermediateStep | null;
  files?: BotFile[];
}

/** Form values as sent in `sendFormInput` (docs/protocol.md §6). */
export type FormFileRef = { formFileIndex: number; name: string };
export type FormValue = string | number | boolean | string[] | FormFileRef[] | null;
export type SendFormInput = Record<string, FormValue>;

/**
 * One turn's input. The first turn has no `conversationId` and may carry no input at all;
 * later turns carry exactly one kind of input (text with optional files, choices, or a form).
 */
export interface TurnInput {
  conversationId?: string;
  message?: string;
  /** Zero-based indices into the latest bot node's `chatOptionInfos`. */
  choices?: number[];
  /**
   * The chosen options' texts (`longOption`), beside `choices`: for the transports whose calls
   * take a button as its text (`send_chat`, `/run`). `run_conversation` does not send them.
   */
  optionTexts?: string[];
  sendFormInput?: SendFormInput;
  fileIds?: string[];
  files?: Blob[];
  mediaFiles?: Blob[];
  formFiles?: Blob[];
}

/** What `GET /webapi/v2/conversations/{id}` returns [choice: docs/protocol.md is silent on its body]. */
export interface ConversationSnapshot {
  conversation: ConversationRef;
  responses: ResponseNode[];
}

/** What the host's token route (or `getToken`) hands the widget (docs/protocol.md §2). */
export type TokenGrant = (
  | { token: string; expiresAt: number; userId?: string; userEmail?: string }
  | { token: string; expiresIn: number; userId?: string; userEmail?: string }
) & {
  /** The Alli origin the token is for: when set, the widget sends it there and nowhere else. */
  apiBase?: string;
};
