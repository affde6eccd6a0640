// Vue: <alli-chat> as a global component for Volar / vue-tsc, checked through the props type
// Vue derives from it.
import type { GlobalComponents } from 'vue';
import type {} from '../../src/ui/jsx-vue.js';
import type { AlliErrorEvent } from '../../src/index.js';

type Props = InstanceType<GlobalComponents['alli-chat']>['$props'];

export const good: Props = {
  'app-id': 'demo',
  'token-url': '/alli/token',
  persist: 'local',
  getToken: async () => ({ token: 't', expiresIn: 300 }),
  onAlliError: (e: AlliErrorEvent) => console.warn(e.error.kind),
};

export const badMode: Props = {
  // @ts-expect-error: not a mode
  mode: 'popup',
};

export const badEvent: Props = {
  // @ts-expect-error: the listener takes the element's event
  onAlliMessageSend: (e: number) => e,
};
