/**
 * `totebot-chat/react`: a typed React wrapper made with @lit/react. Properties
 * go in as props (objects too, such as `identity` and `strings`), and every
 * `totebot-*` event comes out as an `onTotebot…` prop.
 */
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import { TotebotChat, type TotebotEventDetails } from 'totebot-chat';

type Handler<Name extends keyof TotebotEventDetails> = EventName<CustomEvent<TotebotEventDetails[Name]>>;

export const TotebotChatReact = createComponent({
  tagName: 'totebot-chat',
  elementClass: TotebotChat,
  react: React,
  events: {
    onTotebotOpen: 'totebot-open' as Handler<'totebot-open'>,
    onTotebotClose: 'totebot-close' as Handler<'totebot-close'>,
    onTotebotSend: 'totebot-send' as Handler<'totebot-send'>,
    onTotebotReply: 'totebot-reply' as Handler<'totebot-reply'>,
    onTotebotToolCall: 'totebot-tool-call' as Handler<'totebot-tool-call'>,
    onTotebotAction: 'totebot-action' as Handler<'totebot-action'>,
    onTotebotFeedback: 'totebot-feedback' as Handler<'totebot-feedback'>,
    onTotebotError: 'totebot-error' as Handler<'totebot-error'>,
    onTotebotAddToCart: 'totebot-add-to-cart' as Handler<'totebot-add-to-cart'>,
  },
  displayName: 'TotebotChat',
});

type TotebotChatAttributes = React.DetailedHTMLProps<React.HTMLAttributes<TotebotChat>, TotebotChat> &
  Partial<Pick<TotebotChat, 'endpoint' | 'mode' | 'theme' | 'position' | 'avatar'>> & {
    open?: boolean;
    'agent-name'?: string;
    'welcome-message'?: string;
    'image-hosts'?: string;
    suggestions?: string;
    persist?: 'true' | 'false';
    'retention-days'?: number;
    'idle-timeout'?: number;
  };

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      /** The bare element in JSX; the wrapper above adds typed properties and events. */
      'totebot-chat': TotebotChatAttributes;
    }
  }
}
