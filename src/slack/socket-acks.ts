// Socket Mode: acknowledge an event envelope only after its listeners succeeded.
import type { App, SocketModeReceiver } from '@slack/bolt';

/**
 * Bolt acknowledges Events API envelopes before listeners run. In Socket Mode that would tell Slack
 * an event was handled even when its check-in could not be stored, so the ack is held until the
 * listeners have finished; when they fail, no ack is sent and Slack redelivers.
 */
export function deferEventAcks(receiver: SocketModeReceiver): void {
  const init = receiver.init.bind(receiver);
  receiver.init = (app: App) => {
    const processEvent = app.processEvent.bind(app);
    const proxy = Object.create(app) as App;
    proxy.processEvent = async (event) => {
      if ((event.body as { type?: string }).type !== 'event_callback') return processEvent(event);
      let acked = false;
      await processEvent({
        ...event,
        ack: async () => {
          acked = true;
        },
      });
      if (acked) await event.ack();
    };
    init(proxy);
  };
}
