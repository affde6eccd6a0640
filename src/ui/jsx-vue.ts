/**
 * `<alli-chat>` in Vue templates (Volar / vue-tsc): add `import type {} from '@allganize/alli-chat/jsx-vue';`
 * once, and tell Vue's compiler it is a custom element (`compilerOptions.isCustomElement`).
 * `:get-token="fn"` binds a property, `@alli-error="onError"` an event.
 */
import type { DefineComponent } from 'vue';
import type { AlliChatHtmlAttributes, AlliChatProperties, AlliChatVueEventProps } from './jsx-attributes.js';

declare module 'vue' {
  interface GlobalComponents {
    'alli-chat': DefineComponent<AlliChatHtmlAttributes & AlliChatProperties & AlliChatVueEventProps>;
  }
}

export type { AlliChatHtmlAttributes, AlliChatProperties, AlliChatVueEventProps };
