// The announcer's live regions, with a bare host: what a screen reader is given, and that a text
// equal to the one before it is still a change (so it is spoken again).
import { expect } from '@open-wc/testing';
import { render } from 'lit';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { AnnouncerController } from '../../src/ui/controllers/announcer.controller.js';

function setup() {
  const root = document.createElement('div');
  document.body.append(root);
  const controllers: ReactiveController[] = [];
  let updatesAsked = 0;
  const host: ReactiveControllerHost & { renderRoot: ParentNode } = {
    renderRoot: root,
    addController: (c) => void controllers.push(c),
    removeController: () => undefined,
    requestUpdate: () => void (updatesAsked += 1),
    updateComplete: Promise.resolve(true),
  };
  const announcer = new AnnouncerController(host, () => 'The rest is in the conversation.');
  const messages = document.createElement('div');
  root.append(messages);
  const regions = document.createElement('div');
  root.append(regions);
  render(announcer.render(), regions);
  const update = () => controllers.forEach((c) => c.hostUpdated?.());
  const message = (id: string, text: string) =>
    messages.insertAdjacentHTML('beforeend', `<div class="message" data-node="${id}"><div class="bubble">${text}</div></div>`);
  const polite = () => root.querySelector('.announce-polite')!.textContent;
  return { root, announcer, update, message, polite, updatesAsked: () => updatesAsked };
}

describe('AnnouncerController', () => {
  it('writes its regions itself, asking the host for no update', () => {
    const { announcer, polite, root, updatesAsked } = setup();
    announcer.announce('Alli is replying…');
    announcer.alert('Something went wrong.');
    expect(polite()).to.equal('Alli is replying…');
    expect(root.querySelector('[role="alert"]')!.textContent).to.equal('Something went wrong.');
    expect(updatesAsked()).to.equal(0);
  });

  it('makes a finished message equal to what was said last a change of the region', () => {
    const { announcer, update, message, polite } = setup();
    message('R1', 'Noted.');
    announcer.announceNode('R1');
    update();
    expect(polite()).to.equal('Noted.');
    message('R2', 'Noted.');
    announcer.announceNode('R2');
    update();
    expect(polite(), 'spoken again').to.equal('Noted.\u200b');
    announcer.announce('Noted.');
    expect(polite(), 'and again').to.equal('Noted.');
  });
});
