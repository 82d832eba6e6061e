import type { PlatformIdentity, WorkspaceIdentity } from '../../db/repositories/identityRepository.js';
import { platformUserId, platformWorkspaceId } from '../../ids.js';
import { channelId, slackThread, slackTs, type Location, type SlackLocation } from '../../location.js';

/** Where a Slack round lives: a thread is named by its channel and its root message's ts. */
export interface SlackThread {
  channel: string;
  threadTs: string;
}

/** The thread as a session's location (a ts is only unique within its channel, so both name it). */
export function threadLocation(thread: SlackThread, drillOwner?: Location): SlackLocation {
  const owner = drillOwner?.surface === 'slack' ? drillOwner.user : undefined;
  return slackThread(channelId(thread.channel), slackTs(thread.threadTs), owner);
}

/** The thread a session's messages go to, once it has one. */
export function threadOfLocation(location: Location): SlackThread | undefined {
  if (location.surface !== 'slack' || location.channel === undefined || location.threadTs === undefined) return undefined;
  return { channel: location.channel, threadTs: location.threadTs };
}

export function slackUser(id: string, name?: string): PlatformIdentity {
  return name ? { platform: 'slack', id: platformUserId(id), name } : { platform: 'slack', id: platformUserId(id) };
}

export function slackWorkspace(teamId: string, name?: string): WorkspaceIdentity {
  const id = platformWorkspaceId(teamId);
  return name ? { platform: 'slack', id, name } : { platform: 'slack', id };
}

export function mentionOf(userId: string): string {
  return `<@${userId}>`;
}
