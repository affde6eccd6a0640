/**
 * The English strings of in-chat forms, loaded with the forms (Korean and Japanese tables carry
 * their own). The forms take these under whatever the widget's strings already say.
 */
import type { AlliChatStrings, FormStringKey } from './strings.js';

export const enForms: Pick<AlliChatStrings, FormStringKey> = {
  formRequiredMark: 'required',
  formRequired: 'Please fill this in.',
  formRequiredChoice: 'Please choose an option.',
  formRequiredCheck: 'Please tick this box to continue.',
  formRequiredFile: 'Please attach a file.',
  formInvalidFormat: 'This isn’t in the expected format.',
  formInvalidNumber: 'Enter a number, like 42.',
  formNumberMin: (min) => `Enter ${min} or more.`,
  formNumberMax: (max) => `Enter ${max} or less.`,
  formNumberRange: (min, max) => `Enter a number from ${min} to ${max}.`,
  formTooLong: (max, count) => `Keep it to ${max} characters (it has ${count} now).`,
  formInvalidEmail: 'Enter an email address like name@example.com.',
  formInvalidTel: 'Enter a phone number of 7 to 20 digits. Spaces, +, brackets, dots and dashes are fine.',
  formInvalidDate: 'Enter a date that exists on the calendar.',
  formInvalidOption: 'Choose from the options listed.',
  formFileType: (name, accept) => `“${name}” isn’t a file type this form takes (${accept}).`,
  formFileSize: (name, limit) => `“${name}” is too large: each file can be up to ${limit}.`,
  formFileCount: (max) => (max === 1 ? 'Attach just one file.' : `Attach up to ${max} files.`),
  formFileEmpty: (name) => `“${name}” is empty.`,
  formChooseFiles: (multiple) => (multiple ? 'Choose files' : 'Choose a file'),
  formChosenFiles: 'Chosen files',
  formRemoveFile: (name) => `Remove ${name}`,
  formSelectPlaceholder: 'Choose…',
  formSubmit: 'Submit',
  formSubmitting: 'Submitting…',
  formYes: 'Yes',
  formNo: 'No',
  formNotAnswered: 'Not answered',
  formAnswers: 'Your answers',
  formClosed: 'This form is no longer open.',
  formFixErrors: (count) => (count === 1 ? 'One answer needs another look.' : `${count} answers need another look.`),
};
