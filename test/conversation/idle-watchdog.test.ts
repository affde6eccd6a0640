import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { IdleWatchdog } from '../../src/conversation/idle-watchdog.js';

describe('idle watchdog', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: 0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => clock.restore());

  it('fires once after the timeout with no sign of life', () => {
    const onIdle = sinon.spy();
    new IdleWatchdog(1000, onIdle).start();
    clock.tick(999);
    expect(onIdle.called).to.equal(false);
    clock.tick(1);
    expect(onIdle.callCount).to.equal(1);
    clock.tick(10_000);
    expect(onIdle.callCount).to.equal(1);
  });

  it('counts from the last poke, with one timer however many pokes', () => {
    const onIdle = sinon.spy();
    const dog = new IdleWatchdog(1000, onIdle).start();
    for (let t = 0; t < 50; t++) {
      clock.tick(100);
      dog.poke();
    }
    expect(clock.countTimers()).to.equal(1);
    expect(onIdle.called).to.equal(false);
    clock.tick(1000);
    expect(onIdle.callCount).to.equal(1);
  });

  it('stops without a timer left, and a zero timeout never fires', () => {
    const onIdle = sinon.spy();
    const dog = new IdleWatchdog(1000, onIdle).start();
    dog.stop();
    expect(clock.countTimers()).to.equal(0);
    new IdleWatchdog(0, onIdle).start();
    expect(clock.countTimers()).to.equal(0);
    clock.tick(5000);
    expect(onIdle.called).to.equal(false);
  });
});
