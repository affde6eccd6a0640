// React 19 with the package's wrapper (`@allganize/alli-chat/react`): typed props, and the
// element's events as `on…` props.
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { AlliChat } from '../../src/react.js';

function App() {
  const [received, setReceived] = useState(0);
  return (
    <>
      <p>
        Messages received: <output id="received">{received}</output>
      </p>
      <AlliChat appId="demo" apiBase="/" tokenUrl="/alli/token" style={{ height: 560 }} onAlliMessageReceive={() => setReceived((n) => n + 1)} />
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
