import { getObjects, getString, isJsonObject, type JsonObject } from '../json.js';
import type { RegisteredCommand } from '../FakeState.js';
import { apiError, bodyObject, ok, type RestContext, type RestReply, type RestRouter } from '../RestRouter.js';
import { ChannelKind } from '../types.js';
import { unknownChannel, type RouteDeps } from './RouteDeps.js';

/** Gateway discovery, the bot's own user and application, command registration, users, members, DMs. */
export function addApplicationRoutes(router: RestRouter, deps: RouteDeps): void {
  const { state, payloads } = deps;

  router.add('GET', '/gateway/bot', () => {
    const { shards, maxConcurrency } = deps.gatewaySharding();
    return ok({
      url: deps.gatewayUrl(),
      shards,
      session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: maxConcurrency },
    });
  });
  router.add('GET', '/gateway', () => ok({ url: deps.gatewayUrl() }), { auth: false });
  router.add('GET', '/users/@me', () => ok(payloads.user(state.bot)));

  const application = (): RestReply =>
    ok({
      id: state.applicationId,
      name: state.bot.username,
      icon: null,
      description: '',
      bot_public: false,
      bot_require_code_grant: false,
      verify_key: '0'.repeat(64),
      flags: deps.applicationFlags(),
      team: null,
      owner: payloads.user(state.bot),
      bot: payloads.user(state.bot),
      approximate_guild_count: state.guilds.size,
      integration_types_config: { '0': {}, '1': {} },
    });
  router.add('GET', '/applications/@me', application);
  router.add('GET', '/oauth2/applications/@me', application);

  const scope = (ctx: RestContext): { guildId: string | null } | RestReply => {
    if (ctx.params['appId'] !== state.applicationId) return apiError(404, 10002, 'Unknown Application');
    const guildId = ctx.params['guildId'] ?? null;
    if (guildId !== null && !state.guilds.has(guildId)) return apiError(404, 10004, 'Unknown Guild');
    return { guildId };
  };
  const commandPayload = (command: RegisteredCommand): JsonObject => ({
    type: 1,
    description: '',
    options: [],
    default_member_permissions: null,
    nsfw: false,
    contexts: null,
    integration_types: [0],
    name_localizations: null,
    description_localizations: null,
    ...command.body,
    id: command.id,
    application_id: state.applicationId,
    ...(command.guildId ? { guild_id: command.guildId } : {}),
    version: command.version,
  });

  for (const base of ['/applications/:appId/commands', '/applications/:appId/guilds/:guildId/commands']) {
    router.add('GET', base, (ctx) => {
      const where = scope(ctx);
      return 'status' in where ? where : ok(state.commandsIn(where.guildId).map(commandPayload));
    });
    router.add('PUT', base, (ctx) => {
      const where = scope(ctx);
      if ('status' in where) return where;
      if (!Array.isArray(ctx.body)) return apiError(400, 50035, 'Invalid Form Body: expected an array of commands');
      const bodies = ctx.body.filter(isJsonObject);
      const invalid = bodies.map(commandProblem).find((p) => p !== undefined);
      if (invalid) return apiError(400, 50035, `Invalid Form Body: ${invalid}`);
      return ok(state.setCommands(where.guildId, bodies).map(commandPayload));
    });
    router.add('POST', base, (ctx) => {
      const where = scope(ctx);
      if ('status' in where) return where;
      const problem = commandProblem(bodyObject(ctx));
      if (problem) return apiError(400, 50035, `Invalid Form Body: ${problem}`);
      return { status: 201, body: commandPayload(state.addCommand(where.guildId, bodyObject(ctx))) };
    });
  }

  router.add('GET', '/users/:userId', (ctx) => {
    const user = state.users.get(ctx.params['userId'] ?? '');
    return user ? ok(payloads.user(user)) : apiError(404, 10013, 'Unknown User');
  });
  router.add('POST', '/users/@me/channels', (ctx) => {
    const recipient = getString(bodyObject(ctx), 'recipient_id') ?? '';
    if (!state.users.has(recipient)) return apiError(400, 50035, 'Invalid Form Body: recipient_id');
    return ok(payloads.channel(state.dmChannelFor(recipient)));
  });
  router.add('GET', '/guilds/:guildId', (ctx) => {
    const guild = state.guilds.get(ctx.params['guildId'] ?? '');
    return guild ? ok(payloads.guildCreate(guild)) : apiError(404, 10004, 'Unknown Guild');
  });
  router.add('GET', '/guilds/:guildId/channels', (ctx) => {
    const guildId = ctx.params['guildId'] ?? '';
    if (!state.guilds.has(guildId)) return apiError(404, 10004, 'Unknown Guild');
    return ok(state.guildChannels(guildId).filter((c) => !c.thread).map((c) => payloads.channel(c)));
  });
  router.add('GET', '/guilds/:guildId/members/:userId', (ctx) => {
    const guild = state.guilds.get(ctx.params['guildId'] ?? '');
    if (!guild) return apiError(404, 10004, 'Unknown Guild');
    const member = guild.members.get(ctx.params['userId'] ?? '');
    return member ? ok(payloads.member(guild, member)) : apiError(404, 10007, 'Unknown Member');
  });
  router.add('GET', '/channels/:channelId/recipients', (ctx) => {
    const channel = state.channels.get(ctx.params['channelId'] ?? '');
    if (!channel || channel.type !== ChannelKind.DM) return unknownChannel();
    return ok(channel.recipientId ? [payloads.userById(channel.recipientId)] : []);
  });
}

/** The checks Discord applies that bots most often trip: names, descriptions, option ordering. */
function commandProblem(body: JsonObject): string | undefined {
  const name = getString(body, 'name') ?? '';
  const type = body['type'] ?? 1;
  if (type === 1 && !/^[-_\p{Ll}\p{N}]{1,32}$/u.test(name)) return `command name "${name}" must be 1-32 lowercase characters`;
  const description = getString(body, 'description') ?? '';
  if (type === 1 && (description.length < 1 || description.length > 100)) return `command "${name}" description must be 1-100 characters`;
  return optionsProblem(getObjects(body, 'options') ?? [], name);
}

function optionsProblem(options: JsonObject[], where: string): string | undefined {
  let sawOptional = false;
  for (const option of options) {
    const name = getString(option, 'name') ?? '';
    if (!/^[-_\p{Ll}\p{N}]{1,32}$/u.test(name)) return `${where}: option name "${name}" must be 1-32 lowercase characters`;
    const description = getString(option, 'description') ?? '';
    if (description.length < 1 || description.length > 100) return `${where}.${name}: description must be 1-100 characters`;
    if (option['type'] === 1 || option['type'] === 2) {
      const nested = optionsProblem(getObjects(option, 'options') ?? [], `${where}.${name}`);
      if (nested) return nested;
      continue;
    }
    if (option['required'] === true && sawOptional) return `${where}: required option "${name}" after an optional one`;
    if (option['required'] !== true) sawOptional = true;
  }
  return undefined;
}
