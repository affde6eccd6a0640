// Issue 11, item 3: the one validation step every server node passes before the reducer.
import { expect } from '@open-wc/testing';
import { toResponseNode } from '../../src/wire/normalize.js';

const base = { id: 'R', message: 'hi', createdAt: 1, completed: true };
const check = (fields: Record<string, unknown>) => toResponseNode({ ...base, ...fields }, { createdAt: 0 })!;

describe('toResponseNode parts (issue 11)', () => {
  it('lists keep only well-formed records; a list of the wrong type is absent', () => {
    expect(check({ chatOptionInfos: [null, 'x', { shortenOption: 'Yes' }] }).chatOptionInfos).to.deep.equal([
      { shortenOption: 'Yes', longOption: 'Yes', meta: '' },
    ]);
    expect(check({ chatOptionInfos: 'abc' })).not.to.have.property('chatOptionInfos');
    expect(check({ citations: [null, { url: 5, title: 'T' }] }).citations).to.deep.equal([{ clueId: '', source: 'DOCUMENT', title: 'T' }]);
    expect(check({ citations: 'abc' })).not.to.have.property('citations');
    expect(check({ files: [null, { name: 3, url: 'https://a.test/f' }] }).files).to.deep.equal([{ id: '', name: '', url: 'https://a.test/f' }]);
  });

  it('a form needs an id and fields; fields need a name; wrong types become absent', () => {
    expect(check({ form: {} })).not.to.have.property('form');
    const form = check({
      form: { id: 'F', fields: [null, { name: '' }, { name: 'constructor', type: 'evil', required: 'yes', validation: { pattern: 1, maxLength: 'x' } }] },
    }).form!;
    expect(form.fields).to.deep.equal([{ name: 'constructor', label: 'constructor', type: 'text', required: false, validation: {} }]);
    expect(check({ form: null }).form).to.equal(null);
  });

  it('flags of the wrong type are absent', () => {
    const n = check({ multipleOption: 'yes', allowTextInput: 1, messageFormat: 'html' });
    expect(n).not.to.have.any.keys('multipleOption', 'allowTextInput', 'messageFormat');
  });
});
