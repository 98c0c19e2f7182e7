/**
 * Drives a running Agents Playground through the HTTP and WebSocket surface its own web UI uses
 * (read from its bundled client): GET /_internal/v1/config for the mock tenant and personal chat,
 * POST /_debug/conversation/{id}/installation when a chat is first opened (installationUpdate and
 * conversationUpdate to the bot), POST /_conversation/v1/conversations/{id}/messages for a typed
 * message, POST /_conversation/v1/invoke for an Action.Execute click, and the
 * /_ws_conversation/v1/conversations/stream socket on which the Playground pushes what the bot sent.
 */
import WebSocket from 'ws';

export interface PlaygroundMessage {
  messageId: string;
  timestamp: number;
  from: { id: string };
  text?: string;
  attachments?: { contentType: string; content: Record<string, unknown> }[];
}

interface StreamEvent {
  action: string;
  actionConversationId?: string;
  message?: PlaygroundMessage;
}

/** The bot's invoke answer as the Playground passes it on (without the statusCode). */
export interface InvokeAnswer {
  type: string;
  value: unknown;
}

export interface ExecuteAction {
  verb: string;
  data?: Record<string, unknown>;
  title?: string;
}

export interface PlaygroundClient {
  readonly chatId: string;
  readonly userId: string;
  readonly botId: string;
  /** Every message the bot sent, in arrival order. */
  readonly botMessages: readonly PlaygroundMessage[];
  install(): Promise<void>;
  /** Types a message in the personal chat; returns the Playground's id for it. */
  say(text: string): Promise<string>;
  /** Clicks an Action.Execute button on the message `messageId`; returns the bot's invoke answer. */
  execute(messageId: string, action: ExecuteAction): Promise<InvokeAnswer>;
  /** The first bot message (already received or arriving) matching; rejects after timeoutMs. */
  waitForBotMessage(predicate: (m: PlaygroundMessage) => boolean, timeoutMs?: number): Promise<PlaygroundMessage>;
  close(): Promise<void>;
}

async function postJson(url: string, body: unknown): Promise<Response> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`The Playground answered ${res.status} to POST ${new URL(url).pathname}: ${await res.text()}`);
  return res;
}

export async function connectPlayground(baseUrl: string): Promise<PlaygroundClient> {
  const configRes = await fetch(`${baseUrl}/_internal/v1/config`);
  const { config } = (await configRes.json()) as { config: { personalChat: { id: string }; currentUser: { id: string }; bot: { id: string } } };
  const chatId = config.personalChat.id;
  const userId = config.currentUser.id;
  const botId = config.bot.id;

  const botMessages: PlaygroundMessage[] = [];
  let waiters: { predicate: (m: PlaygroundMessage) => boolean; resolve: (m: PlaygroundMessage) => void }[] = [];
  const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/_ws_conversation/v1/conversations/stream`);
  socket.on('message', (raw) => {
    const event = JSON.parse(String(raw)) as StreamEvent;
    if (event.action !== 'createMessage' || !event.message || event.actionConversationId !== chatId) return;
    const message = event.message;
    botMessages.push(message);
    const matched = waiters.filter((w) => w.predicate(message));
    waiters = waiters.filter((w) => !matched.includes(w));
    matched.forEach((w) => w.resolve(message));
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });

  return {
    chatId,
    userId,
    botId,
    botMessages,
    async install() {
      await postJson(`${baseUrl}/_debug/conversation/${encodeURIComponent(chatId)}/installation`, {});
    },
    async say(text) {
      const res = await postJson(`${baseUrl}/_conversation/v1/conversations/${encodeURIComponent(chatId)}/messages`, {
        type: 'text',
        text,
        textFormat: 'plain',
        from: { id: userId },
      });
      return ((await res.json()) as { messageId: string }).messageId;
    },
    async execute(messageId, action) {
      const res = await postJson(`${baseUrl}/_conversation/v1/invoke`, {
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', title: action.title, verb: action.verb, data: action.data ?? {} } },
        from: { id: userId },
        conversation: { id: chatId },
        replyToId: messageId,
      });
      return (await res.json()) as InvokeAnswer;
    },
    waitForBotMessage(predicate, timeoutMs = 10_000) {
      const existing = botMessages.find(predicate);
      if (existing) return Promise.resolve(existing);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== waiter);
          reject(new Error(`The Playground showed no matching bot message within ${timeoutMs} ms; it showed ${botMessages.length}.`));
        }, timeoutMs);
        const waiter = {
          predicate,
          resolve: (m: PlaygroundMessage) => {
            clearTimeout(timer);
            resolve(m);
          },
        };
        waiters.push(waiter);
      });
    },
    async close() {
      if (socket.readyState === WebSocket.CLOSED) return;
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.close();
        setTimeout(() => {
          socket.terminate();
          resolve();
        }, 1000).unref();
      });
    },
  };
}

/** The Adaptive Card content of a message, if it carries one. */
export function cardOf(message: PlaygroundMessage): Record<string, unknown> | undefined {
  return message.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}

/** Every Action.Execute in a card, wherever it sits (actions, ActionSets, columns). */
export function executeActions(card: unknown): ExecuteAction[] {
  const found: ExecuteAction[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const obj = node as Record<string, unknown>;
    if (obj.type === 'Action.Execute' && typeof obj.verb === 'string') {
      found.push({ verb: obj.verb, title: typeof obj.title === 'string' ? obj.title : undefined, data: (obj.data as Record<string, unknown>) ?? {} });
    }
    Object.values(obj).forEach(walk);
  };
  walk(card);
  return found;
}

/** All the text a card shows, joined, for assertions. */
export function cardText(card: unknown): string {
  const parts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const obj = node as Record<string, unknown>;
    for (const key of ['text', 'title', 'value', 'label']) if (typeof obj[key] === 'string') parts.push(obj[key] as string);
    Object.values(obj).forEach(walk);
  };
  walk(card);
  return parts.join('\n');
}
