// A store's own code, as a developer would write it after `npm install totebot-chat`.
import 'totebot-chat';
import type { TotebotChat } from 'totebot-chat';

const chat = document.querySelector<TotebotChat>('totebot-chat')!;
chat.addEventListener('totebot-action', (event) => {
  if (event.detail.phase === 'completed' && event.detail.success) {
    const result = event.detail.result as { cartCount?: number };
    document.getElementById('cart')!.textContent = String(result.cartCount ?? 0);
  }
});
