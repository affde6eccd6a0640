// Preact: <alli-chat> in TSX with the package's typings.
import type {} from '../../src/ui/jsx-preact.js';
import type { AlliErrorEvent } from '../../src/index.js';

export function Page() {
  return (
    <main>
      <alli-chat app-id="demo" token-url="/alli/token" position="top-left" onalli-error={(e) => console.warn((e satisfies AlliErrorEvent).error.kind)} />
      <alli-chat appId="demo" getToken={async () => ({ token: 't', expiresAt: Date.now() + 60_000 })} />
      {/* @ts-expect-error: not a theme */}
      <alli-chat app-id="demo" theme="sepia" />
    </main>
  );
}
