import { ChangeNotifier } from './ChangeNotifier.js';
import { FakeGateway } from './FakeGateway.js';
import type { FakeDiscordOptions } from './fakeDiscordOptions.js';
import { FakeState } from './FakeState.js';
import { applicationFlagsFor, createGatewayWorld, disallowedIntentsFor } from './gatewayWorld.js';
import { InteractionSimulator } from './InteractionSimulator.js';
import { InteractionStore } from './InteractionStore.js';
import type { JsonObject } from './json.js';
import { MessageActions } from './MessageActions.js';
import { MessageStore } from './MessageStore.js';
import { Payloads } from './Payloads.js';
import { RequestLog } from './RequestLog.js';
import { RestRouter } from './RestRouter.js';
import { addApplicationRoutes } from './routes/applicationRoutes.js';
import { addChannelRoutes } from './routes/channelRoutes.js';
import { addInteractionRoutes } from './routes/interactionRoutes.js';
import type { FakeGuild, FakeUser } from './types.js';
import { UserMessages } from './UserMessages.js';
import { VoiceSignalling } from './VoiceSignalling.js';

export interface FakeParts {
  notifier: ChangeNotifier;
  log: RequestLog;
  state: FakeState;
  messages: MessageStore;
  interactions: InteractionStore;
  payloads: Payloads;
  actions: MessageActions;
  voice: VoiceSignalling;
  gateway: FakeGateway;
  router: RestRouter;
  simulator: InteractionSimulator;
  userMessages: UserMessages;
  guild: FakeGuild;
  guildOwner: FakeUser;
  testUsers: FakeUser[];
}

/** Wires the fake's parts together; the world starts with one guild, its owner and the test users. */
export function composeFake(options: FakeDiscordOptions, baseUrl: () => string): FakeParts {
  const notifier = new ChangeNotifier();
  const log = new RequestLog(notifier);
  const state = new FakeState(options.botUsername ?? 'interview-coach');
  const messages = new MessageStore(state.ids, baseUrl);
  const interactions = new InteractionStore(state.ids);
  const payloads = new Payloads(state, messages, interactions);
  const approval = { messageContent: true, guildMembers: true, presences: true, ...options.privilegedIntents };
  const applicationFlags = applicationFlagsFor(approval);
  const gateway = new FakeGateway(
    createGatewayWorld({
      state,
      payloads,
      expectedToken: options.token,
      disallowedIntents: disallowedIntentsFor(approval),
      applicationFlags: () => applicationFlags,
      // Bound late: voice signalling dispatches through this gateway.
      voiceStateRequest: (request) => voice.handleRequest(request),
      changed: () => notifier.notify(),
    }),
    { heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250, enforceIntents: options.enforceIntents ?? true },
  );
  const dispatch = (event: string, data: JsonObject): number => gateway.dispatch(event, data);
  const actions = new MessageActions(state, messages, payloads, dispatch);
  const voice = new VoiceSignalling(state, payloads, notifier, dispatch, options.voiceServer);

  const guildOwner = state.createUser({ username: 'server-owner' });
  const guild = state.createGuild(options.guildName ?? 'Interview Practice', guildOwner.id);
  state.addMember(guild, guildOwner.id);
  const testUsers = (options.testUsers ?? ['alice', 'bob']).map((username) => {
    const user = state.createUser({ username });
    state.addMember(guild, user.id);
    return user;
  });
  const defaultUser = (): FakeUser => {
    const user = testUsers[0];
    if (!user) throw new Error('FakeDiscord: no test users configured; pass `user` explicitly');
    return user;
  };

  let seq = 0;
  const router = new RestRouter(log, () => options.token);
  const deps = {
    state,
    messages,
    interactions,
    payloads,
    actions,
    dispatch,
    gatewayUrl: () => gateway.gatewayUrl,
    gatewaySharding: () => ({ shards: options.recommendedShards ?? 1, maxConcurrency: options.maxConcurrency ?? 1 }),
    applicationFlags: () => applicationFlags,
    callbackDeadlineMs: () => options.callbackDeadlineMs ?? 3000,
    nextSeq: () => ++seq,
  };
  addApplicationRoutes(router, deps);
  addChannelRoutes(router, deps);
  addInteractionRoutes(router, deps);

  const simulator = new InteractionSimulator({
    ...deps,
    notifier,
    strict: () => options.requireRegisteredCommands ?? true,
    defaultUser,
  });
  const userMessages = new UserMessages(state, messages, actions, () => guild.textChannel, defaultUser);
  return {
    notifier,
    log,
    state,
    messages,
    interactions,
    payloads,
    actions,
    voice,
    gateway,
    router,
    simulator,
    userMessages,
    guild,
    guildOwner,
    testUsers,
  };
}
