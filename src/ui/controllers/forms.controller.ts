import type { TemplateResult } from 'lit';
import type { ConversationSession, InputMode, UserContent, UserTurn } from '../../conversation/conversation-session.js';
import {
  initialDraft,
  serverFieldErrors,
  summarizeForm,
  toSendFormInput,
  byName,
  validateField,
  validateForm,
  withoutError,
  type FieldDraft,
  type FormDraft,
  type FormErrors,
} from '../../conversation/form-model.js';
import { enForms } from '../../i18n/forms-en.js';
import type { FormStrings, PanelStrings } from '../../i18n/strings.js';
import type { AlliError } from '../../model/errors.js';
import type { FormDefinition, SendFormInput } from '../../model/types.js';
import type { AlliChatElement } from '../alli-chat.element.js';
import { focusFirstInvalid, renderForm, type FormViewState } from '../views/form-view.js';

export { formViewStyles } from '../styles/form-view.styles.js';

interface FormUi {
  draft: FormDraft;
  errors: FormErrors;
  formError?: string;
  /** What the server accepted, for the read-only summary. */
  submitted?: SendFormInput;
}

/**
 * In-chat forms (docs/protocol.md §6): each form node's draft, errors and outcome. Drafts
 * survive failed and refused submits; a `FORM_INVALID` puts the server's messages beside the
 * fields and hides the refused turn's bubble. Loaded with the first form, with its view.
 */
export class FormsController {
  private forms = new Map<string, FormUi>();
  /** Form turns the server refused (FORM_INVALID): their bubbles are not shown. */
  private refusedTurns = new Set<string>();

  constructor(
    private readonly host: AlliChatElement,
    private readonly env: {
      strings(): PanelStrings;
      locale(): string;
      submit(content: UserContent): Promise<void>;
      alert(text: string): void;
    },
  ) {
  }

  /** The widget's strings, with the English form strings under them (other languages carry their own). */
  private strings(): FormStrings {
    return { ...enForms, ...this.env.strings() };
  }

  /** A new conversation: no form of the old one is kept. */
  clear(): void {
    this.forms.clear();
    this.refusedTurns.clear();
  }

  hidesTurn(turnId: string): boolean {
    return this.refusedTurns.has(turnId);
  }

  /** A turn ended: an accepted form submission becomes the form's read-only summary. */
  turnEnded(turn: UserTurn | undefined): void {
    if (turn?.content.kind !== 'form' || turn.status === 'failed' || this.refusedTurns.has(turn.id)) return;
    const ui = this.forms.get(turn.content.nodeId);
    if (ui) ui.submitted = turn.content.values;
  }

  /** The server refused a form (FORM_INVALID): its messages go beside the fields; nothing typed is lost. */
  refused(turn: UserTurn, error: AlliError, session: ConversationSession): boolean {
    if (turn.content.kind !== 'form') return false;
    const nodeId = turn.content.nodeId;
    this.refusedTurns.add(turn.id);
    const node = session.node(nodeId);
    if (!node?.form) return true;
    const ui = this.formUi(nodeId, node.form);
    const { errors, other } = serverFieldErrors(node.form, error.fields);
    ui.errors = byName(ui.errors, errors);
    ui.formError = other.join(' ') || error.message;
    this.env.alert(ui.formError);
    this.host.requestUpdate();
    const idPrefix = this.idPrefix(nodeId, session);
    void this.host.updateComplete.then(() => focusFirstInvalid(this.host.renderRoot, idPrefix));
    return true;
  }

  private formUi(nodeId: string, form: FormDefinition): FormUi {
    let ui = this.forms.get(nodeId);
    if (!ui) {
      ui = { draft: initialDraft(form), errors: byName() };
      this.forms.set(nodeId, ui);
    }
    return ui;
  }

  private idPrefix(nodeId: string, session: ConversationSession): string {
    return `form-${session.view.positions.get(nodeId) ?? 0}`;
  }

  render(nodeId: string, form: FormDefinition, mode: InputMode, session: ConversationSession, lastTurn: UserTurn | undefined): TemplateResult {
    const ui = this.formUi(nodeId, form);
    const active = mode.kind === 'form' && mode.nodeId === nodeId;
    const submitting = active && session.busy && lastTurn?.content.kind === 'form';
    const state: FormViewState = active ? (submitting ? 'submitting' : 'editing') : ui.submitted ? 'submitted' : 'readonly';
    const idPrefix = this.idPrefix(nodeId, session);
    return renderForm({
      form,
      draft: ui.draft,
      errors: ui.errors,
      formError: ui.formError,
      state,
      submittedValues: ui.submitted,
      strings: this.strings(),
      idPrefix,
      locale: this.env.locale(),
      onInput: (name: string, value: FieldDraft) => {
        ui.draft = byName(ui.draft, { [name]: value });
        ui.errors = withoutError(ui.errors, name);
        const field = form.fields.find((f) => f.name === name);
        // Files are checked as soon as they are chosen: a refused file is named at once.
        if (field?.type === 'file') {
          const error = validateField(field, value, this.strings(), this.env.locale());
          if (error) ui.errors = byName(ui.errors, { [name]: error });
        }
        this.host.requestUpdate();
      },
      onSubmit: () => void this.submit(nodeId, form, ui, idPrefix, session),
    });
  }

  private async submit(nodeId: string, form: FormDefinition, ui: FormUi, idPrefix: string, session: ConversationSession): Promise<void> {
    if (session.busy) return;
    const s = this.strings();
    const locale = this.env.locale();
    const errors = validateForm(form, ui.draft, s, locale);
    const count = Object.keys(errors).length;
    ui.errors = errors;
    ui.formError = count ? s.formFixErrors(count) : undefined;
    this.host.requestUpdate();
    if (count) {
      await this.host.updateComplete;
      focusFirstInvalid(this.host.renderRoot, idPrefix);
      return;
    }
    const { values, files } = toSendFormInput(form, ui.draft);
    await this.env.submit({ kind: 'form', nodeId, values, files, summary: summarizeForm(form, values, s, locale) });
  }
}
