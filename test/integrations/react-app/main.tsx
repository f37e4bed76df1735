// A React storefront, as a developer would write it after `npm install totebot-chat`.
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import 'totebot-chat';
import { TotebotChatReact } from 'totebot-chat/react';

function Store() {
  const [cart, setCart] = useState(0);
  const [opened, setOpened] = useState(0);
  return (
    <main>
      <p>
        Cart: <span id="cart">{cart}</span> · opened <span id="opened">{opened}</span>
      </p>
      <TotebotChatReact
        mode="launcher"
        agentName="Tote"
        identity={{ id: 'u_react', name: 'Ana' }}
        suggestions={['Add the blue tote to my cart']}
        onTotebotOpen={() => setOpened((count) => count + 1)}
        onTotebotAction={(event) => {
          const { detail } = event;
          if (detail.phase === 'completed' && detail.success) setCart((detail.result as { cartCount: number }).cartCount);
        }}
      />
    </main>
  );
}

createRoot(document.getElementById('root')!).render(<Store />);
