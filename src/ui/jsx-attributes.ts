/**
 * What `<alli-chat>` takes in framework templates, shared by the React, Preact and Vue typings
 * (jsx-react.ts, jsx-preact.ts, jsx-vue.ts): attributes as markup writes them, the properties
 * frameworks set directly, and the event props.
 */
import type { AlliChatElement } from './alli-chat.element.js';
import type { AlliChatEventMap } from './events.js';

/** The element's attributes, as HTML writes them. */
export interface AlliChatHtmlAttributes {
  'app-id'?: string;
  'api-base'?: string;
  'token-url'?: string;
  'user-id'?: string;
  'user-email'?: string;
  mode?: AlliChatElement['mode'];
  open?: boolean;
  position?: AlliChatElement['position'];
  theme?: AlliChatElement['theme'];
  accept?: string;
  'max-file-size'?: number | string;
  'max-files'?: number | string;
  persist?: AlliChatElement['persist'];
}

/** Properties a framework may set on the element itself (React 19, Preact and Vue do so when the element has them). */
export type AlliChatProperties = Partial<
  Pick<
    AlliChatElement,
    | 'appId'
    | 'apiBase'
    | 'tokenUrl'
    | 'userId'
    | 'userEmail'
    | 'mode'
    | 'open'
    | 'position'
    | 'theme'
    | 'accept'
    | 'maxFileSize'
    | 'maxFiles'
    | 'persist'
    | 'getToken'
    | 'fetch'
    | 'i18n'
    | 'resilience'
  >
>;

/** React 19 and Preact listen for `on<event-name>` props on custom elements: `onalli-error`. */
export type AlliChatEventProps = { [K in keyof AlliChatEventMap as `on${K}`]?: (event: AlliChatEventMap[K]) => void };

type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

/** Vue's `@alli-error` listener is the `onAlliError` prop. */
export type AlliChatVueEventProps = { [K in keyof AlliChatEventMap as `on${Capitalize<CamelCase<K>>}`]?: (event: AlliChatEventMap[K]) => void };
