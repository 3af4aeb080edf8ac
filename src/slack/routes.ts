// One Bolt listener per kind of payload, and a table that finds the handler.
//
// Bolt runs the middleware chain of *every* registered listener for every request (App.processEvent
// maps over all of them; each chain copies the listener arguments at every step). With a listener per
// event, button and command, a reaction paid for a dozen chains: about a quarter of the bot's CPU per
// check-in (docs/BENCHMARKS.md). So the bot registers three listeners — events, block actions, slash
// commands — and handlers are looked up by event type, action_id and command name. Handlers receive
// Bolt's own arguments, exactly as a listener would.
import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackEventMiddlewareArgs,
} from '@slack/bolt';

export type EventHandler<T extends string> = (
  args: SlackEventMiddlewareArgs<T> & AllMiddlewareArgs,
) => Promise<void>;
export type ActionHandler<A extends BlockAction = BlockAction> = (
  args: SlackActionMiddlewareArgs<A> & AllMiddlewareArgs,
) => Promise<void>;
export type CommandHandler = (args: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => Promise<void>;

export interface Routes {
  /** Handles one Events API event type. */
  event<T extends string>(type: T, handler: EventHandler<T>): void;
  /** Handles block_actions whose action_id is `actionId` or matches it. */
  action<A extends BlockAction = BlockAction>(actionId: string | RegExp, handler: ActionHandler<A>): void;
  /** Handles one slash command, e.g. `/checkin`. */
  command(name: string, handler: CommandHandler): void;
}

export type RequestKind = 'event' | 'action' | 'command';

/**
 * Mounts the three listeners on `app`. `onRequest` hears of every event, block action and command
 * once it was handled (or failed), for the request metrics.
 */
export function mountRoutes(
  app: App,
  onRequest: (kind: RequestKind, outcome: 'ok' | 'error') => void = () => {},
): Routes {
  const events = new Map<string, EventHandler<string>>();
  const exactActions = new Map<string, ActionHandler>();
  const patternActions: Array<{ pattern: RegExp; handler: ActionHandler }> = [];
  const commands = new Map<string, CommandHandler>();
  const once = (table: string, key: string, taken: boolean) => {
    if (taken) throw new Error(`${table} ${key} already has a handler`);
  };
  const counted = async (kind: RequestKind, run: () => Promise<void>) => {
    try {
      await run();
    } catch (err) {
      onRequest(kind, 'error');
      throw err;
    }
    onRequest(kind, 'ok');
  };

  app.event(/./, (args) => counted('event', async () => events.get(args.event.type)?.(args)));

  app.action({ type: 'block_actions' }, (args) =>
    counted('action', async () => {
      const id = (args.action as { action_id?: string }).action_id ?? '';
      const handler = exactActions.get(id) ?? patternActions.find((p) => p.pattern.test(id))?.handler;
      // A button nobody handles (an old message after an upgrade) is still acknowledged, so the
      // person does not see Slack's "this app did not respond" warning.
      if (handler === undefined) return args.ack();
      await handler(args as SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs);
    }),
  );

  app.command(/./, (args) =>
    counted('command', async () => {
      const handler = commands.get(args.command.command);
      if (handler === undefined) return args.ack();
      await handler(args);
    }),
  );

  return {
    event(type, handler) {
      once('event', type, events.has(type));
      events.set(type, handler as unknown as EventHandler<string>);
    },
    action(actionId, handler) {
      const h = handler as unknown as ActionHandler;
      if (typeof actionId === 'string') {
        once('action', actionId, exactActions.has(actionId));
        exactActions.set(actionId, h);
      } else patternActions.push({ pattern: actionId, handler: h });
    },
    command(name, handler) {
      once('command', name, commands.has(name));
      commands.set(name, handler);
    },
  };
}
