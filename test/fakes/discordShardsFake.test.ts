import { Client, Events, GatewayIntentBits, Partials, REST, Routes, type Message } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, shardOfGuild } from './discord/index.js';

const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages, GatewayIntentBits.MessageContent];

let fake: FakeDiscord;
const clients: Client[] = [];

async function shardClient(shards: number[] | 'auto', shardCount?: number): Promise<Client> {
  // DM channels are not cached before their first message, as in the bot.
  const client = new Client({ intents, partials: [Partials.Channel], rest: { api: fake.apiUrl }, shards, ...(shardCount ? { shardCount } : {}) });
  clients.push(client);
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login('fake-token');
  await ready;
  return client;
}

function nextMessage(client: Client): Promise<Message> {
  return new Promise((resolve) => client.once(Events.MessageCreate, resolve));
}

beforeAll(async () => {
  fake = new FakeDiscord({ recommendedShards: 2, maxConcurrency: 2 });
  await fake.start();
});

afterAll(async () => {
  for (const client of clients) await client.destroy();
  await fake.stop();
});

describe('the fake Discord shards like the real gateway', () => {
  it('recommends its shard count in GET /gateway/bot', async () => {
    const rest = new REST({ api: fake.apiUrl }).setToken('fake-token');
    const body = (await rest.get(Routes.gatewayBot())) as { shards: number; session_start_limit: { max_concurrency: number } };
    expect(body.shards).toBe(2);
    expect(body.session_start_limit.max_concurrency).toBe(2);
  });

  it('gives each shard only its guilds: READY, GUILD_CREATE and their events; DMs on shard 0', async () => {
    const zero = fake.createGuild('Shard zero', { shard: [0, 2] });
    const one = fake.createGuild('Shard one', { shard: [1, 2] });
    expect(shardOfGuild(zero.id, 2)).toBe(0);
    expect(shardOfGuild(one.id, 2)).toBe(1);

    const [first, second] = await Promise.all([shardClient([0], 2), shardClient([1], 2)]);
    if (!first || !second) throw new Error('two clients');
    await fake.waitForShards(2);
    expect(fake.gateway.identifies.map((i) => i.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    const cached = (client: Client) => [...client.guilds.cache.keys()].sort();
    const expectedOn = (shard: number) => [...fake.state.guilds.keys()].filter((id) => shardOfGuild(id, 2) === shard).sort();
    expect(cached(first)).toEqual(expectedOn(0));
    expect(cached(second)).toEqual(expectedOn(1));
    expect(cached(first)).toContain(zero.id);
    expect(cached(second)).toContain(one.id);

    const onSecond = nextMessage(second);
    const delivered = fake.sendMessage({ channelId: one.textChannel.id, content: 'hello shard one' });
    expect((await onSecond).id).toBe(delivered.id);
    expect(fake.gateway.dispatches.at(-1)?.delivered).toBe(1);

    const onFirst = nextMessage(first);
    const dm = fake.sendMessage({ channelId: fake.dmChannel(fake.testUsers[0] ?? 'alice').id, content: 'a DM' });
    expect((await onFirst).id).toBe(dm.id);
    expect(fake.gateway.dispatches.at(-1)?.delivered).toBe(1);

    // A guild created later reaches only its shard.
    const joined = new Promise<string>((resolve) => second.once(Events.GuildCreate, (guild) => resolve(guild.id)));
    const late = fake.createGuild('Late on one', { shard: [1, 2] });
    expect(await joined).toBe(late.id);
    expect(fake.gateway.dispatches.at(-1)?.delivered).toBe(1);
    expect(first.guilds.cache.has(late.id)).toBe(false);
    for (const client of [first, second]) await client.destroy();
  });

  it("lets discord.js shard 'auto' from the recommended count", async () => {
    const before = fake.gateway.identifies.length;
    const client = await shardClient('auto');
    expect(client.ws.shards.size).toBe(2);
    expect(fake.gateway.identifies.slice(before).map((i) => i.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect([...client.guilds.cache.keys()].sort()).toEqual([...fake.state.guilds.keys()].sort());
  });

  it('closes an IDENTIFY with an impossible shard with 4010', async () => {
    const client = new Client({ intents, rest: { api: fake.apiUrl }, shards: [2], shardCount: 2 });
    clients.push(client);
    await expect(client.login('fake-token')).rejects.toThrow();
  });
});
