// React 19: <alli-chat> in TSX with the package's typings, and the @lit/react wrapper.
import type {} from '../../src/ui/jsx-react.js';
import { AlliChat } from '../../src/react.js';
import type { AlliErrorEvent, AlliMessageReceiveEvent } from '../../src/index.js';

export function Page() {
  return (
    <main>
      <alli-chat app-id="demo" token-url="/alli/token" api-base="/" mode="launcher" max-files={3} onalli-error={(e) => console.warn((e satisfies AlliErrorEvent).error.kind)} />
      <alli-chat appId="demo" getToken={async () => ({ token: 't', expiresIn: 300 })} theme="dark" />
      {/* @ts-expect-error: not a mode */}
      <alli-chat app-id="demo" mode="popup" />
      {/* @ts-expect-error: getToken must return a grant */}
      <alli-chat getToken={() => 42} />
      <AlliChat appId="demo" tokenUrl="/alli/token" onAlliMessageReceive={(e) => console.log((e satisfies AlliMessageReceiveEvent).message)} />
      {/* @ts-expect-error: the wrapper's event props are typed */}
      <AlliChat appId="demo" onAlliError={(e: AlliMessageReceiveEvent) => e} />
    </main>
  );
}
