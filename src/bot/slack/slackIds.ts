import type { PlatformIdentity, WorkspaceIdentity } from '../../db/repositories/identityRepository.js';
import { platformUserId, platformWorkspaceId } from '../../ids.js';

/** Where a Slack round lives: a thread is named by its channel and its root message's ts. */
export interface SlackThread {
  channel: string;
  threadTs: string;
}

/**
 * The session's `threadId`. A ts is only unique within its channel, so the channel is part of the key; `/` cannot
 * occur in either part.
 */
export function threadKey(thread: SlackThread): string {
  return `${thread.channel}/${thread.threadTs}`;
}

export function parseThreadKey(key: string | null | undefined): SlackThread | undefined {
  const match = /^([A-Z0-9]+)\/(\d+\.\d+)$/.exec(key ?? '');
  return match?.[1] !== undefined && match[2] !== undefined ? { channel: match[1], threadTs: match[2] } : undefined;
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
