import type { MessageChannel, MessageProvider } from '../message.table.js';
import type { ProviderDefinition } from './adapter.js';
import { outboxProvider } from './outbox.js';
import { realProviders } from './providers.js';

/** Every provider the product can send through, by its code. */
export const providers: ReadonlyMap<MessageProvider, ProviderDefinition> = new Map(
  [outboxProvider, ...realProviders].map((p) => [p.provider, p]),
);

export function providerFor(code: MessageProvider): ProviderDefinition | undefined {
  return providers.get(code);
}

/** The providers that can serve a channel, outbox first. */
export function providersForChannel(channel: MessageChannel): ProviderDefinition[] {
  return [...providers.values()].filter((p) => p.channels.includes(channel));
}
