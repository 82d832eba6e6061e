/** Button and modal ids carry the action and the session they act on: `ic:<action>:<sessionId>`. */
export const ACTIONS = ['join', 'start', 'cancel', 'done', 'repeat', 'skip', 'end', 'answer', 'forget', 'keep'] as const;
export type Action = (typeof ACTIONS)[number];

export function actionId(action: Action, sessionId = ''): string {
  return `ic:${action}:${sessionId}`;
}

export function parseActionId(id: string): { action: Action; sessionId: string } | undefined {
  const [prefix, action, ...rest] = id.split(':');
  if (prefix !== 'ic' || !action || !(ACTIONS as readonly string[]).includes(action)) return undefined;
  return { action: action as Action, sessionId: rest.join(':') };
}
