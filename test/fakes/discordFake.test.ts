import { once } from 'node:events';
import { crc32, deflateSync } from 'node:zlib';
import {
  ActionRowBuilder,
  ApplicationCommandOptionType,
  AttachmentBuilder,
  ButtonBuilder,
  ButtonStyle,
  ChannelType,
  Client,
  DiscordAPIError,
  EmbedBuilder,
  Events,
  GatewayIntentBits,
  MessageFlags,
  ModalBuilder,
  TextInputBuilder,
  TextInputStyle,
  type Interaction,
  type Message,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, failures, Intent } from './discord/index.js';

/** A valid 1×1 PNG, so @discordjs/rest's type sniffing labels it image/png like a real chart. */
function tinyPng(): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([length, typed, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header[8] = 8;
  header[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from([0, 255, 0, 0]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function nextMessageFrom(client: Client, authorId: string): Promise<Message> {
  return new Promise((resolve) => {
    const listener = (message: Message): void => {
      if (message.author.id !== authorId) return;
      client.off(Events.MessageCreate, listener);
      resolve(message);
    };
    client.on(Events.MessageCreate, listener);
  });
}

/** The bot under test, reduced to a few handlers exercising every response type. */
async function handle(interaction: Interaction): Promise<void> {
  if (interaction.isChatInputCommand() && interaction.commandName === 'practice') {
    await interaction.deferReply();
    const role = interaction.options.getString('role', true);
    await interaction.editReply({
      embeds: [new EmbedBuilder().setTitle(`Mock interview: ${role}`).setDescription('Question 1 of 3')],
      components: [
        new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder().setCustomId('answer').setLabel('Answer in text').setStyle(ButtonStyle.Primary),
          new ButtonBuilder().setCustomId('next').setLabel('Next question').setStyle(ButtonStyle.Secondary),
        ),
      ],
    });
  } else if (interaction.isAutocomplete()) {
    const typed = String(interaction.options.getFocused());
    await interaction.respond(['Acme', 'Globex'].filter((c) => c.startsWith(typed)).map((c) => ({ name: c, value: c })));
  } else if (interaction.isButton() && interaction.customId === 'answer') {
    await interaction.showModal(
      new ModalBuilder()
        .setCustomId('answer-modal')
        .setTitle('Your answer')
        .addComponents(
          new ActionRowBuilder<TextInputBuilder>().addComponents(
            new TextInputBuilder().setCustomId('answer').setLabel('Answer').setStyle(TextInputStyle.Paragraph),
          ),
        ),
    );
  } else if (interaction.isButton() && interaction.customId === 'next') {
    await interaction.update({ content: 'Question 2 of 3', embeds: [], components: [] });
  } else if (interaction.isChatInputCommand() && interaction.commandName === 'stats') {
    const response = await interaction.reply({ content: 'Your stats', withResponse: true });
    await interaction.followUp({ content: 'Only you can see this', flags: MessageFlags.Ephemeral });
    await interaction.user.send(`Summary for ${response.resource?.message?.id ?? '?'}`);
  } else if (interaction.isModalSubmit()) {
    const answer = interaction.fields.getTextInputValue('answer');
    await interaction.reply({ content: `Got it: ${answer}`, flags: MessageFlags.Ephemeral });
  }
}

describe('FakeDiscord with the real discord.js client', () => {
  const fake = new FakeDiscord({ heartbeatIntervalMs: 100 });
  const handlerErrors: unknown[] = [];
  let client: Client;

  beforeAll(async () => {
    await fake.start();
    client = new Client({
      intents: [
        GatewayIntentBits.Guilds,
        GatewayIntentBits.GuildMessages,
        GatewayIntentBits.GuildVoiceStates,
        GatewayIntentBits.DirectMessages,
        GatewayIntentBits.MessageContent,
      ],
      rest: { api: fake.apiUrl },
    });
    client.on(Events.InteractionCreate, (interaction) => {
      handle(interaction).catch((error: unknown) => handlerErrors.push(error));
    });
    const ready = once(client, Events.ClientReady);
    await client.login('any-token');
    await ready;
  });

  afterAll(async () => {
    await client.destroy();
    await fake.stop();
  });

  it('logs in: READY, the guild with text and voice channels and members, heartbeat ACKs', async () => {
    expect(fake.gateway.identifies[0]?.intents).toBe(client.options.intents.bitfield);
    expect(client.user?.id).toBe(fake.botUser.id);
    expect(client.application?.id).toBe(fake.applicationId);
    const guild = client.guilds.cache.get(fake.guild.id);
    expect(guild?.available).toBe(true);
    expect(guild?.channels.cache.get(fake.guild.textChannel.id)?.type).toBe(ChannelType.GuildText);
    expect(guild?.channels.cache.get(fake.guild.voiceChannel.id)?.type).toBe(ChannelType.GuildVoice);
    const alice = fake.user('alice');
    expect(guild?.members.cache.get(alice.id)?.user.username).toBe('alice');
    expect(guild?.members.me?.id).toBe(fake.botUser.id);
    await fake.waitUntil(() => (fake.gateway.heartbeatAcks > 0 ? true : undefined), 2000, 'a heartbeat');
  });

  it('records guild command registration bodies', async () => {
    const commands = await client.application?.commands.set(
      [
        {
          name: 'practice',
          description: 'Start a mock interview',
          options: [
            { type: ApplicationCommandOptionType.String, name: 'role', description: 'Target role', required: true },
            { type: ApplicationCommandOptionType.String, name: 'company', description: 'Company', autocomplete: true },
          ],
        },
      ],
      fake.guild.id,
    );
    expect(commands?.first()?.name).toBe('practice');
    const [put] = fake.requestsTo('PUT', '/applications/:appId/guilds/:guildId/commands');
    expect(put?.status).toBe(200);
    expect(fake.registeredCommands(fake.guild.id)).toMatchObject([{ name: 'practice', options: [{ name: 'role' }, { name: 'company' }] }]);
    // Guild commands are not offered in DMs, so a simulated user cannot send one there.
    expect(() => fake.sendSlashCommand({ name: 'practice', options: { role: 'x' } })).toThrow(/not registered/);
  });

  it('runs a slash command, a button update and a modal submission', async () => {
    const command = fake.sendSlashCommand({ name: 'practice', options: { role: 'backend' }, guildId: fake.guild.id });
    await command.waitForResponse((r) => r.kind === 'editOriginal');
    expect(command.responses().map((r) => [r.kind, r.callbackType])).toEqual([
      ['callback', 5],
      ['editOriginal', null],
    ]);
    const reply = command.originalMessage();
    expect(reply?.embeds[0]?.['title']).toBe('Mock interview: backend');
    expect((reply?.flags ?? 0) & 128).toBe(0); // no longer "thinking"
    expect(fake.channelMessages(fake.guild.textChannel.id).map((m) => m.id)).toContain(reply?.id);

    const opened = fake.clickButton({ customId: 'answer', messageId: reply?.id ?? '' });
    const modal = await opened.waitForResponse();
    expect(modal.callbackType).toBe(9);
    expect(modal.data['custom_id']).toBe('answer-modal');

    const submitted = fake.submitModal({ customId: 'answer-modal', fields: { answer: 'I led a database migration' } });
    const answer = await submitted.waitForResponse();
    expect(answer).toMatchObject({ callbackType: 4, ephemeral: true, data: { content: 'Got it: I led a database migration' } });

    const next = fake.clickButton({ customId: 'next', messageId: reply?.id ?? '' });
    expect((await next.waitForResponse()).callbackType).toBe(7);
    expect(fake.message(reply?.id ?? '')).toMatchObject({ content: 'Question 2 of 3', components: [], embeds: [] });
    expect(() => fake.clickButton({ customId: 'next', messageId: reply?.id ?? '' })).toThrow(/no component/);

    const suggest = fake.autocomplete({
      name: 'practice',
      options: { role: 'backend', company: 'Gl' },
      focused: 'company',
      guildId: fake.guild.id,
    });
    expect((await suggest.waitForResponse()).data['choices']).toEqual([{ name: 'Globex', value: 'Globex' }]);
    expect(handlerErrors).toEqual([]);
  });

  it('handles a global command in a DM: reply with response, ephemeral follow-up, user.send', async () => {
    await client.application?.commands.set([{ name: 'stats', description: 'Your practice stats', contexts: [0, 1] }]);
    const alice = fake.user('alice');
    const command = fake.sendSlashCommand({ name: 'stats', user: alice });
    expect(command.payload['user']).toMatchObject({ id: alice.id });
    expect(command.payload['member']).toBeUndefined();
    const dm = fake.dmChannel(alice);
    const summary = await fake.waitForMessage(dm.id, (m) => m.content.startsWith('Summary for'));
    expect(summary.content).toBe(`Summary for ${command.originalMessage()?.id ?? 'missing'}`);
    expect(command.responses().map((r) => [r.kind, r.callbackType, r.ephemeral])).toEqual([
      ['callback', 4, false],
      ['followup', null, true],
    ]);
    expect(command.followups()[0]?.content).toBe('Only you can see this');
    expect(handlerErrors).toEqual([]);
  });

  it('creates a thread and receives a PNG attachment byte-exactly', async () => {
    const channel = client.channels.cache.get(fake.guild.textChannel.id);
    if (channel?.type !== ChannelType.GuildText) throw new Error('text channel missing');
    const threadCreated = once(client, Events.ThreadCreate);
    const thread = await channel.threads.create({ name: 'Mock interview – alice', autoArchiveDuration: 60 });
    await threadCreated;
    expect(thread.type).toBe(ChannelType.PublicThread);
    expect(fake.channel(thread.id).parentId).toBe(channel.id);

    const png = tinyPng();
    const sent = await thread.send({ content: 'Your pace chart', files: [new AttachmentBuilder(png, { name: 'chart.png' })] });
    const [upload] = fake.requestsTo('POST', '/channels/:channelId/messages').at(-1)?.files ?? [];
    expect(upload).toMatchObject({ field: 'files[0]', filename: 'chart.png', contentType: 'image/png' });
    expect(upload?.data.equals(png)).toBe(true);
    const stored = fake.channelMessages(thread.id)[0];
    expect(stored?.attachments[0]?.data.equals(png)).toBe(true);
    expect(sent.attachments.first()?.url).toBe(stored?.attachments[0]?.url);
  });

  it('takes a voice message from the bot only as Discord does: one attachment with duration and waveform, no text', async () => {
    const channel = client.channels.cache.get(fake.guild.textChannel.id);
    if (channel?.type !== ChannelType.GuildText) throw new Error('text channel missing');
    const audio = () => new AttachmentBuilder(Buffer.from('OggS'), { name: 'voice.ogg', duration: 1.5, waveform: Buffer.alloc(15, 90).toString('base64') });
    const sent = await channel.send({ files: [audio()], flags: MessageFlags.IsVoiceMessage });
    const stored = fake.channelMessages(channel.id).find((m) => m.id === sent.id);
    expect(stored?.attachments[0]).toMatchObject({ durationSecs: 1.5, filename: 'voice.ogg' });
    await expect(channel.send({ content: 'and some words', files: [audio()], flags: MessageFlags.IsVoiceMessage })).rejects.toThrow(/cannot have content/);
    await expect(channel.send({ files: [new AttachmentBuilder(Buffer.from('OggS'), { name: 'voice.ogg' })], flags: MessageFlags.IsVoiceMessage })).rejects.toThrow(/duration_secs/);
  });

  it('delivers a voice message whose attachment downloads from the fake', async () => {
    const alice = fake.user('alice');
    const audio = Buffer.concat([Buffer.from('OggS'), Buffer.alloc(200, 7)]);
    const received = nextMessageFrom(client, alice.id);
    fake.sendVoiceMessage({ author: alice, audio, durationSecs: 2.5 });
    const message = await received;
    expect(message.flags.has(MessageFlags.IsVoiceMessage)).toBe(true);
    const attachment = message.attachments.first();
    expect(attachment).toMatchObject({ contentType: 'audio/ogg', duration: 2.5 });
    expect(attachment?.waveform).toBeTruthy();
    const download = await fetch(attachment?.url ?? '');
    expect(download.headers.get('content-type')).toBe('audio/ogg');
    expect(Buffer.from(await download.arrayBuffer()).equals(audio)).toBe(true);
  });

  it('blanks guild message content for a client without the MessageContent intent', async () => {
    const limited = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages], rest: { api: fake.apiUrl } });
    try {
      const ready = once(limited, Events.ClientReady);
      await limited.login('any-token');
      await ready;
      expect(fake.gateway.intents).toBe(Intent.Guilds | Intent.GuildMessages);
      const bob = fake.user('bob');
      const seenLimited = nextMessageFrom(limited, bob.id);
      const seenFull = nextMessageFrom(client, bob.id);
      fake.sendMessage({ author: bob, content: 'hello coach' });
      expect((await seenLimited).content).toBe('');
      expect((await seenFull).content).toBe('hello coach');
    } finally {
      await limited.destroy();
    }
  });

  it('surfaces injected 403s as DiscordAPIError, retries 429s, and 404s unknown routes', async () => {
    const channel = client.channels.cache.get(fake.guild.textChannel.id);
    if (channel?.type !== ChannelType.GuildText) throw new Error('text channel missing');
    fake.failRequests({ method: 'POST', path: '/channels/:channelId/messages' }, failures.missingPermissions());
    const denied = await channel.send('hello').catch((error: unknown) => error);
    expect(denied).toBeInstanceOf(DiscordAPIError);
    expect(denied).toMatchObject({ code: 50013, status: 403 });

    const before = fake.requestsTo('POST', '/channels/:channelId/messages').length;
    fake.failRequests({ method: 'POST', path: '/channels/:channelId/messages' }, failures.rateLimited(0.05));
    await channel.send('after a rate limit');
    expect(fake.requestsTo('POST', '/channels/:channelId/messages').slice(before).map((r) => r.status)).toEqual([429, 200]);

    const unknown = await client.rest.get('/not-a-route').catch((error: unknown) => error);
    expect(unknown).toMatchObject({ status: 404 });
    expect(fake.unhandledRequests().map((r) => r.path)).toContain('/not-a-route');
  });

  it('answers voice state updates (op 4) with VOICE_STATE_UPDATE and VOICE_SERVER_UPDATE', async () => {
    fake.setVoiceServer({ endpoint: '127.0.0.1:1', token: 'voice-token' });
    const guild = client.guilds.cache.get(fake.guild.id);
    const serverUpdate = once(client, Events.VoiceServerUpdate);
    guild?.shard.send({
      op: 4,
      d: { guild_id: fake.guild.id, channel_id: fake.guild.voiceChannel.id, self_mute: false, self_deaf: false },
    });
    const [server] = await serverUpdate;
    expect(server).toMatchObject({ guildId: fake.guild.id, endpoint: '127.0.0.1:1', token: 'voice-token' });
    expect(guild?.members.me?.voice.channelId).toBe(fake.guild.voiceChannel.id);
    expect(fake.voiceSession()).toMatchObject({ token: 'voice-token', userId: fake.botUser.id });

    const alice = fake.user('alice');
    const joined = once(client, Events.VoiceStateUpdate);
    fake.setVoiceState({ user: alice, channelId: fake.guild.voiceChannel.id });
    await joined;
    expect(guild?.voiceStates.cache.get(alice.id)?.channelId).toBe(fake.guild.voiceChannel.id);
  });

  it('closes the gateway session when the client is destroyed', async () => {
    await client.destroy();
    await fake.waitUntil(() => (fake.gateway.readySessionCount === 0 ? true : undefined), 2000, 'the session to close');
  });
});
