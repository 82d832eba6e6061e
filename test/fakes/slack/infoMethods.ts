import { slackError, type ApiHandler } from './apiContext.js';
import { argString } from './parseApiArgs.js';

const authTest: ApiHandler = (_args, ctx) => ({
  ok: true,
  url: `${ctx.baseUrl()}/`,
  team: ctx.identity.teamDomain,
  user: ctx.identity.botName,
  team_id: ctx.identity.teamId,
  user_id: ctx.identity.botUserId,
  bot_id: ctx.identity.botId,
  is_enterprise_install: false,
});

const conversationsInfo: ApiHandler = (args, ctx) => {
  const id = argString(args, 'channel');
  const channel = id === undefined ? undefined : ctx.directory.channel(id);
  if (channel === undefined) return slackError('channel_not_found');
  return { ok: true, channel: ctx.directory.channelInfo(channel) };
};

const usersInfo: ApiHandler = (args, ctx) => {
  const id = argString(args, 'user');
  const user = id === undefined ? undefined : ctx.directory.user(id);
  if (user === undefined) return slackError('user_not_found');
  return { ok: true, user: ctx.directory.userInfo(user) };
};

export const infoMethods: Record<string, ApiHandler> = {
  'auth.test': authTest,
  'conversations.info': conversationsInfo,
  'users.info': usersInfo,
};
