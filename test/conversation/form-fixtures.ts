import type { FormDefinition } from '../../src/model/types.js';

/** A form with every field type of docs/protocol.md §6 (shaped like the demo's booking form). */
export const EVERY_FIELD_FORM: FormDefinition = {
  id: 'every-field',
  title: 'Book a product demo',
  description: 'Tell us about your team.',
  submitLabel: 'Book my demo',
  fields: [
    { name: 'fullName', label: 'Full name', type: 'text', required: true, placeholder: 'Jane Doe', validation: { maxLength: 10 } },
    { name: 'notes', label: 'Anything else?', type: 'textarea', required: false, validation: { maxLength: 20 } },
    { name: 'teamSize', label: 'Team size', type: 'number', required: true, validation: { min: 1, max: 5000 } },
    { name: 'email', label: 'Work email', type: 'email', required: true, placeholder: 'jane@company.com' },
    { name: 'phone', label: 'Phone', type: 'tel', required: false, placeholder: '+1 555 0100' },
    { name: 'preferredDate', label: 'Preferred date', type: 'date', required: true },
    {
      name: 'region',
      label: 'Region',
      type: 'select',
      required: true,
      options: [
        { value: 'us', label: 'United States' },
        { value: 'kr', label: 'Korea' },
      ],
    },
    {
      name: 'languages',
      label: 'Languages',
      type: 'select',
      required: false,
      multiple: true,
      options: [
        { value: 'en', label: 'English' },
        { value: 'ko', label: 'Korean' },
        { value: 'ja', label: 'Japanese' },
      ],
    },
    {
      name: 'interests',
      label: 'What would you like to see?',
      type: 'checkbox',
      required: true,
      multiple: true,
      options: [
        { value: 'answers', label: 'Document answers' },
        { value: 'agents', label: 'Agents and workflows' },
        { value: 'widget', label: 'The website chat widget' },
      ],
    },
    {
      name: 'contactBy',
      label: 'Contact me by',
      type: 'checkbox',
      required: false,
      options: [
        { value: 'mail', label: 'Email' },
        { value: 'call', label: 'Phone call' },
      ],
    },
    { name: 'consent', label: 'I agree to be contacted', type: 'boolean', required: true },
    { name: 'newsletter', label: 'Send me product news', type: 'boolean', required: false },
    { name: 'brief', label: 'Requirements document', type: 'file', required: false, accept: '.pdf,.txt,image/*', maxFiles: 2, maxBytes: 1000 },
    { name: 'logo', label: 'Logo', type: 'file', required: true, accept: 'image/*', maxFiles: 1 },
  ],
};

export const file = (name: string, type: string, size: number) => new File([new Uint8Array(size).fill(65)], name, { type });
