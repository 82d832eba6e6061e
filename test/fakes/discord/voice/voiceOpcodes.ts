/** Voice gateway v8 opcodes (the subset the fake speaks), as numbered in Discord's docs and discord-api-types. */
export const VoiceOp = {
  Identify: 0,
  SelectProtocol: 1,
  Ready: 2,
  Heartbeat: 3,
  SessionDescription: 4,
  Speaking: 5,
  HeartbeatAck: 6,
  Resume: 7,
  Hello: 8,
  Resumed: 9,
  ClientsConnect: 11,
  ClientDisconnect: 13,
  DavePrepareTransition: 21,
  DaveExecuteTransition: 22,
  DaveTransitionReady: 23,
  DavePrepareEpoch: 24,
  DaveMlsExternalSender: 25,
  DaveMlsKeyPackage: 26,
  DaveMlsProposals: 27,
  DaveMlsCommitWelcome: 28,
  DaveMlsAnnounceCommitTransition: 29,
  DaveMlsWelcome: 30,
  DaveMlsInvalidCommitWelcome: 31,
} as const;

/** Close codes the fake uses. 4015 and codes below 4000 make @discordjs/voice resume; others make it rejoin. */
export const VoiceCloseCode = {
  AuthenticationFailed: 4004,
  SessionNoLongerValid: 4006,
  Disconnected: 4014,
  VoiceServerCrashed: 4015,
  DaveRequired: 4017,
} as const;

export const ENCRYPTION_MODE = 'aead_aes256_gcm_rtpsize';
