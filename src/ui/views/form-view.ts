import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { mergeFiles, syncFiles } from './sync-files.directive.js';
import { formatBytes, middleTruncate } from '../../conversation/file-rules.js';
import {
  acceptsManyFiles,
  displayValue,
  draftBoolean,
  draftFiles,
  draftList,
  draftText,
  type FieldDraft,
  type FormDraft,
  type FormErrors,
} from '../../conversation/form-model.js';
import type { FormStrings } from '../../i18n/strings.js';
import type { FormDefinition, FormField, SendFormInput } from '../../model/types.js';

/**
 * An in-chat form (docs/protocol.md §6) as a Lit template: the element keeps the draft, the errors and
 * the state, and calls `renderForm` from its own `render()`. Every piece of server text (title,
 * labels, placeholders, option labels, messages) goes through text or attribute bindings, never
 * markup. No inline styles: the classes are styled by `formViewStyles`, and `.sr-only` comes from
 * the element's own sheet.
 */

/**
 * - `editing`: the user fills the form in.
 * - `submitting`: sent, waiting for the server; controls are locked, the draft is kept.
 * - `submitted`: the server took it; a read-only summary of `submittedValues`.
 * - `readonly`: a form of an older message; the summary if `submittedValues` is known.
 */
export type FormViewState = 'editing' | 'submitting' | 'submitted' | 'readonly';

export interface FormViewProps {
  form: FormDefinition;
  draft: FormDraft;
  /** Field name → message (the widget's own checks and the server's `FORM_INVALID`, merged). */
  errors?: FormErrors;
  /** A message about the whole form (not tied to one field). */
  formError?: string;
  state: FormViewState;
  /** What was sent, for the read-only summary. */
  submittedValues?: SendFormInput;
  strings: FormStrings;
  /** Unique per widget instance and form node; every id in the form starts with it. */
  idPrefix: string;
  /** BCP 47 tag for numbers and file sizes. */
  locale?: string;
  onInput(name: string, value: FieldDraft): void;
  onSubmit(): void;
}

function safePrefix(idPrefix: string): string {
  return idPrefix.replace(/\s+/g, '_') || 'form';
}


interface FieldContext {
  field: FormField;
  id: string;
  errorId: string;
  error: string | undefined;
  value: FieldDraft | undefined;
  locked: boolean;
  props: FormViewProps;
}

function requiredMark(field: FormField, strings: FormStrings) {
  return field.required
    ? html`<span class="required-mark" aria-hidden="true">*</span><span class="sr-only"> (${strings.formRequiredMark})</span>`
    : nothing;
}

function errorText(c: FieldContext) {
  return c.error ? html`<p class="field-error" id=${c.errorId}>${c.error}</p>` : nothing;
}

function invalidAttr(c: FieldContext) {
  return c.error ? 'true' : nothing;
}
function describedBy(c: FieldContext) {
  return c.error ? c.errorId : nothing;
}

function label(c: FieldContext) {
  return html`<label class="field-label" for=${c.id}>${c.field.label}${requiredMark(c.field, c.props.strings)}</label>`;
}

function textControl(c: FieldContext): TemplateResult {
  const { field, props } = c;
  const text = draftText(c.value);
  const onInput = (e: Event) => {
    if (props.state === 'editing') props.onInput(field.name, (e.target as HTMLInputElement | HTMLTextAreaElement).value);
  };
  if (field.type === 'textarea') {
    return html`<textarea
      id=${c.id}
      class="field-input"
      name=${c.id}
      rows="3"
      .value=${live(text)}
      placeholder=${field.placeholder ?? nothing}
      ?required=${field.required}
      ?readonly=${c.locked}
      aria-invalid=${invalidAttr(c)}
      aria-describedby=${describedBy(c)}
      @input=${onInput}
    ></textarea>`;
  }
  // A number is typed as text (with the numeric keyboard): the element then sees what was typed,
  // full-width digits included, where <input type=number> reports "" for anything it cannot parse.
  const type = field.type === 'email' ? 'email' : field.type === 'tel' ? 'tel' : field.type === 'date' ? 'date' : 'text';
  return html`<input
    id=${c.id}
    class="field-input"
    type=${type}
    name=${c.id}
    inputmode=${field.type === 'number' ? 'decimal' : nothing}
    .value=${live(text)}
    placeholder=${field.type !== 'date' && field.placeholder ? field.placeholder : nothing}
    ?required=${field.required}
    ?readonly=${c.locked}
    aria-invalid=${invalidAttr(c)}
    aria-describedby=${describedBy(c)}
    @input=${onInput}
  />`;
}

function selectControl(c: FieldContext): TemplateResult {
  const { field, props } = c;
  const options = field.options ?? [];
  if (field.multiple) {
    const chosen = draftList(c.value);
    return html`<select
      id=${c.id}
      class="field-input field-select"
      name=${c.id}
      multiple
      size=${Math.min(Math.max(options.length, 2), 6)}
      ?required=${field.required}
      ?disabled=${c.locked}
      aria-invalid=${invalidAttr(c)}
      aria-describedby=${describedBy(c)}
      @change=${(e: Event) => {
        if (props.state !== 'editing') return;
        props.onInput(field.name, Array.from((e.target as HTMLSelectElement).selectedOptions, (o) => o.value));
      }}
    >
      ${options.map((o) => html`<option value=${o.value} .selected=${live(chosen.includes(o.value))}>${o.label}</option>`)}
    </select>`;
  }
  const chosen = draftText(c.value);
  return html`<select
    id=${c.id}
    class="field-input field-select"
    name=${c.id}
    ?required=${field.required}
    ?disabled=${c.locked}
    aria-invalid=${invalidAttr(c)}
    aria-describedby=${describedBy(c)}
    @change=${(e: Event) => {
      if (props.state === 'editing') props.onInput(field.name, (e.target as HTMLSelectElement).value);
    }}
  >
    <option value="" .selected=${live(chosen === '')}>${field.placeholder || props.strings.formSelectPlaceholder}</option>
    ${options.map((o) => html`<option value=${o.value} .selected=${live(chosen === o.value)}>${o.label}</option>`)}
  </select>`;
}

/** `checkbox` fields: a group of checkboxes when `multiple`, otherwise a radio group. */
function choiceGroup(c: FieldContext): TemplateResult {
  const { field, props } = c;
  const multiple = !!field.multiple;
  const chosen = multiple ? draftList(c.value) : [draftText(c.value)].filter(Boolean);
  const groupName = `${c.id}-choice`;
  return html`<fieldset
    class="form-field field-group"
    role=${multiple ? nothing : 'radiogroup'}
    aria-required=${!multiple && field.required ? 'true' : nothing}
    data-field=${field.name}
  >
    <legend class="field-label">${field.label}${requiredMark(field, props.strings)}</legend>
    <div class="choices">
      ${(field.options ?? []).map((o, j) => {
        const optionId = `${c.id}-${j}`;
        const onChange = (e: Event) => {
          if (props.state !== 'editing') return;
          const checked = (e.target as HTMLInputElement).checked;
          if (!multiple) {
            if (checked) props.onInput(field.name, o.value);
            return;
          }
          // Read the group's boxes, not the draft this template closed over: two ticks before the
          // next render must both count. Document order is the options' order.
          const group = (e.target as HTMLElement).closest('.choices');
          const next = [...(group?.querySelectorAll<HTMLInputElement>('input[type=checkbox]') ?? [])].filter((box) => box.checked).map((box) => box.value);
          props.onInput(field.name, next);
        };
        return html`<div class="choice">
          <input
            id=${optionId}
            type=${multiple ? 'checkbox' : 'radio'}
            name=${groupName}
            value=${o.value}
            .checked=${live(chosen.includes(o.value))}
            ?required=${!multiple && field.required}
            ?disabled=${c.locked}
            aria-invalid=${invalidAttr(c)}
            aria-describedby=${describedBy(c)}
            @change=${onChange}
          />
          <label for=${optionId}>${o.label}</label>
        </div>`;
      })}
    </div>
    ${errorText(c)}
  </fieldset>`;
}

function booleanField(c: FieldContext): TemplateResult {
  const { field, props } = c;
  return html`<div class="form-field field-boolean" data-field=${field.name}>
    <div class="choice">
      <input
        id=${c.id}
        type="checkbox"
        name=${c.id}
        .checked=${live(draftBoolean(c.value))}
        ?required=${field.required}
        ?disabled=${c.locked}
        aria-invalid=${invalidAttr(c)}
        aria-describedby=${describedBy(c)}
        @change=${(e: Event) => {
          if (props.state === 'editing') props.onInput(field.name, (e.target as HTMLInputElement).checked);
        }}
      />
      <label for=${c.id}>${field.label}${requiredMark(field, props.strings)}</label>
    </div>
    ${errorText(c)}
  </div>`;
}

function fileField(c: FieldContext): TemplateResult {
  const { field, props } = c;
  const s = props.strings;
  const files = draftFiles(c.value);
  const many = acceptsManyFiles(field);
  const hintId = `${c.id}-hint`;
  const onChange = (e: Event) => {
    if (props.state !== 'editing') return;
    const picked = Array.from((e.target as HTMLInputElement).files ?? []);
    if (picked.length === 0) return; // a cancelled picker keeps what was chosen
    props.onInput(field.name, many ? mergeFiles(files, picked) : picked.slice(0, 1));
  };
  const remove = (file: File) => {
    if (props.state === 'editing') props.onInput(field.name, files.filter((f) => f !== file));
  };
  return html`<div class="form-field field-file" data-field=${field.name}>
    ${label(c)}
    <input
      id=${c.id}
      class="file-input"
      type="file"
      name=${c.id}
      accept=${field.accept || nothing}
      ?multiple=${many}
      ?required=${field.required}
      ?disabled=${c.locked}
      aria-invalid=${invalidAttr(c)}
      aria-describedby=${c.error ? `${c.errorId} ${hintId}` : hintId}
      @change=${onChange}
      ${syncFiles(files)}
    />
    <p class="field-hint" id=${hintId}>${s.formChooseFiles(many)}${field.accept ? html` · ${field.accept}` : nothing}${field.maxBytes !== undefined
      ? html` · ≤ ${formatBytes(field.maxBytes, props.locale)}`
      : nothing}</p>
    ${files.length > 0
      ? html`<ul class="file-list" aria-label=${s.formChosenFiles}>
          ${files.map(
            (file) => html`<li class="file-item">
              <span class="file-name" title=${file.name}>${middleTruncate(file.name)}</span>
              <span class="file-size">${formatBytes(file.size, props.locale)}</span>
              <button
                type="button"
                class="file-remove"
                aria-label=${s.formRemoveFile(file.name)}
                title=${s.formRemoveFile(file.name)}
                ?disabled=${c.locked}
                @click=${() => remove(file)}
              >
                <span aria-hidden="true">×</span>
              </button>
            </li>`,
          )}
        </ul>`
      : nothing}
    ${errorText(c)}
  </div>`;
}

function fieldView(c: FieldContext): TemplateResult {
  switch (c.field.type) {
    case 'checkbox':
      return choiceGroup(c);
    case 'boolean':
      return booleanField(c);
    case 'file':
      return fileField(c);
    case 'select':
      return html`<div class="form-field" data-field=${c.field.name}>${label(c)}${selectControl(c)}${errorText(c)}</div>`;
    default:
      return html`<div class="form-field" data-field=${c.field.name}>${label(c)}${textControl(c)}${errorText(c)}</div>`;
  }
}

function header(props: FormViewProps, p: string) {
  const { form } = props;
  return html`${form.title ? html`<h3 class="form-title" id=${`${p}-title`}>${form.title}</h3>` : nothing}
  ${form.description ? html`<p class="form-description" id=${`${p}-desc`}>${form.description}</p>` : nothing}`;
}

function summary(props: FormViewProps, p: string): TemplateResult {
  const { form, strings: s, submittedValues } = props;
  return html`<section
    class="chat-form form-readonly"
    part="form"
    aria-labelledby=${form.title ? `${p}-title` : nothing}
    aria-label=${form.title ? nothing : s.formAnswers}
  >
    ${header(props, p)}
    ${submittedValues
      ? html`<dl class="form-summary">
          ${form.fields.map((field) => {
            const shown = displayValue(field, submittedValues[field.name], s, props.locale);
            return html`<div class="summary-row">
              <dt>${field.label}</dt>
              <dd class=${shown ? '' : 'unanswered'}>${shown || s.formNotAnswered}</dd>
            </div>`;
          })}
        </dl>`
      : html`<p class="form-closed">${s.formClosed}</p>`}
  </section>`;
}

/** The form, or its read-only summary once sent (or when it belongs to an older message). */
export function renderForm(props: FormViewProps): TemplateResult {
  const p = safePrefix(props.idPrefix);
  if (props.state === 'submitted' || props.state === 'readonly') return summary(props, p);
  const { form, strings: s, errors = {} } = props;
  const submitting = props.state === 'submitting';
  const onSubmit = (e: Event) => {
    e.preventDefault();
    if (props.state === 'editing') props.onSubmit();
  };
  return html`<form
    class="chat-form"
    part="form"
    novalidate
    aria-labelledby=${form.title ? `${p}-title` : nothing}
    aria-describedby=${form.description ? `${p}-desc` : nothing}
    aria-busy=${submitting ? 'true' : 'false'}
    @submit=${onSubmit}
  >
    ${header(props, p)}
    ${props.formError ? html`<p class="form-error" id=${`${p}-error`} role="alert">${props.formError}</p>` : nothing}
    ${form.fields.map((field, i) =>
      fieldView({
        field,
        id: `${p}-${i}`,
        errorId: `${p}-${i}-error`,
        error: errors[field.name] || undefined,
        value: props.draft[field.name],
        locked: submitting,
        props,
      }),
    )}
    <div class="form-actions">
      <button type="submit" class="form-submit" aria-disabled=${submitting ? 'true' : 'false'}>
        ${submitting ? s.formSubmitting : form.submitLabel || s.formSubmit}
      </button>
    </div>
  </form>`;
}

/**
 * Focuses the first control of this form marked `aria-invalid` (call after the render that shows
 * the errors). Returns whether a control took focus.
 */
export function focusFirstInvalid(root: ParentNode, idPrefix: string): boolean {
  const prefix = `${safePrefix(idPrefix)}-`;
  for (const control of Array.from(root.querySelectorAll<HTMLElement>('[aria-invalid="true"]'))) {
    if (!control.id.startsWith(prefix)) continue;
    control.focus();
    if (control.matches(':focus')) return true;
  }
  return false;
}
