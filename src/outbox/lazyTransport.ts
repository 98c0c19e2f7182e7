/**
 * A transport that builds the real one on first use: a tick with nothing to send never loads
 * the Bot Framework libraries, which cost far more to load than the tick costs to run.
 */
import type { Transport } from './transport';

export function lazyTransport(create: () => Transport): Transport {
  let transport: Transport | undefined;
  const real = () => (transport ??= create());
  return {
    send: (ref, activity, options) => real().send(ref, activity, options),
    update: (ref, activityId, activity, options) => real().update(ref, activityId, activity, options),
    createPersonalConversation: (input) => real().createPersonalConversation(input),
  };
}
