import { DAVESession } from '@snazzah/davey';
import type { BotVoiceSession } from './BotVoiceSession.js';
import { MlsExternalSender, PROPOSALS_APPEND } from './MlsExternalSender.js';
import { snowflakeBytes, uint16, uint8 } from './mlsCodec.js';
import { VoiceOp } from './voiceOpcodes.js';

const DAVE_VERSION = 1;
/** davey's MediaType is a const enum that is empty at run time; AUDIO is 0. */
const MEDIA_AUDIO = 0;
/** DAVE ciphertext ends with this marker; plain Opus frames practically never do. */
const DAVE_MAGIC_MARKER = 0xfafa;

/**
 * The channel's DAVE (MLS) group as the voice gateway would run it. The gateway is the external sender; simulated
 * users are real davey members (one commits each change); the bot gets Welcome/commit messages over its socket and
 * the transition handshake (op 23 → op 22).
 *
 * Simplification: whenever the bot presents a key package (new identify, re-init after an error) the group is built
 * afresh at epoch 0 with the first simulated user as committer — Discord would instead remove the bot's old leaf
 * and add the new one in the running group. Later joins and leaves run as real external Add/Remove proposals.
 */
export class DaveGroup {
  readonly externalSender = new MlsExternalSender();
  /** Every simulated user's davey session, in join order (the first member commits). */
  private readonly sessions = new Map<string, DAVESession>();
  private readonly members = new Set<string>();
  private bot: BotVoiceSession | undefined;
  private botInGroup = false;
  private readonly pendingTransitions = new Set<number>();
  private nextTransitionId = 1;
  /** Transition ids the server has executed (op 22), in order. */
  readonly executedTransitions: number[] = [];

  constructor(
    private channelId: string,
    private readonly reportError: (error: Error) => void,
  ) {}

  setChannel(channelId: string): void {
    this.channelId = channelId;
  }

  /** True when the bot and every simulated user share one group and the last transition was executed. */
  get established(): boolean {
    return this.botInGroup && this.pendingTransitions.size === 0 && this.members.size === this.sessions.size;
  }

  /** Starts DAVE with a bot session that negotiated protocol version 1: sends the external sender (op 25). */
  attachBot(bot: BotVoiceSession): void {
    this.bot = bot;
    this.botInGroup = false;
    this.pendingTransitions.clear();
    bot.sendBinary(VoiceOp.DaveMlsExternalSender, this.externalSender.serialize());
    if (bot.keyPackage) this.onBotKeyPackage(bot, bot.keyPackage);
  }

  detachBot(bot: BotVoiceSession): void {
    if (this.bot !== bot) return;
    this.bot = undefined;
    this.botInGroup = false;
    this.pendingTransitions.clear();
  }

  onBotKeyPackage(bot: BotVoiceSession, keyPackage: Buffer): void {
    bot.keyPackage = keyPackage;
    if (this.bot !== bot) return;
    this.botInGroup = false;
    if (this.sessions.size > 0) this.guard(() => this.createGroup());
  }

  /** Bot op 23: it is ready for `transitionId`; the fake executes it at once (op 22). */
  onTransitionReady(bot: BotVoiceSession, transitionId: number): void {
    if (this.bot !== bot || !this.pendingTransitions.delete(transitionId)) return;
    bot.sendJson(VoiceOp.DaveExecuteTransition, { transition_id: transitionId });
    this.executedTransitions.push(transitionId);
  }

  addUser(userId: string): void {
    if (this.sessions.has(userId)) return;
    this.sessions.set(userId, new DAVESession(DAVE_VERSION, userId, this.channelId));
    if (!this.bot?.keyPackage) return;
    this.guard(() => (this.botInGroup ? this.addToGroup(userId) : this.createGroup()));
  }

  removeUser(userId: string): void {
    const session = this.sessions.get(userId);
    if (!session) return;
    const leaf = session.ownLeafIndex;
    this.sessions.delete(userId);
    const wasMember = this.members.delete(userId);
    if (wasMember && this.botInGroup && leaf !== null && this.members.size > 0) {
      this.guard(() => this.commitChange((epoch) => this.externalSender.removeProposals(this.groupId, epoch, [leaf])));
    }
    session.reset();
  }

  /** DAVE-encrypts a simulated user's frame once that user is in an active group; otherwise passes it through. */
  encryptFrom(userId: string, opus: Buffer): Buffer {
    const session = this.sessions.get(userId);
    if (!session || !this.members.has(userId) || !session.ready) return opus;
    return session.encryptOpus(opus);
  }

  /** Decrypts a frame the bot sent, as any member would; undefined if it was not DAVE-encrypted or failed. */
  decryptFromBot(botUserId: string, frame: Buffer): Buffer | undefined {
    if (frame.length < 2 || frame.readUInt16BE(frame.length - 2) !== DAVE_MAGIC_MARKER) return undefined;
    for (const userId of this.members) {
      try {
        return this.sessions.get(userId)?.decrypt(botUserId, MEDIA_AUDIO, frame);
      } catch {
        // try the next member; the caller records the frame as undecryptable
      }
    }
    return undefined;
  }

  /** The voice privacy code a simulated user sees; equal to the bot's when both are in the same group. */
  voicePrivacyCode(userId: string): string {
    return this.sessions.get(userId)?.voicePrivacyCode ?? '';
  }

  private get groupId(): Buffer {
    return snowflakeBytes(this.channelId);
  }

  private recognizedUserIds(): string[] {
    return [...(this.bot ? [this.bot.identify.userId] : []), ...this.sessions.keys()];
  }

  private freshSession(userId: string, session: DAVESession): Buffer {
    session.reinit(DAVE_VERSION, userId, this.channelId);
    session.setExternalSender(this.externalSender.serialize());
    return session.getSerializedKeyPackage();
  }

  /** Epoch 0: the first user commits Adds for the bot and everyone else; the bot gets the Welcome (op 30). */
  private createGroup(): void {
    const bot = this.bot;
    if (!bot?.keyPackage) return;
    const entries = [...this.sessions.entries()];
    const [first, ...others] = entries;
    if (!first) return;
    const [, committer] = first;
    this.freshSession(first[0], committer);
    const otherPackages = others.map(([userId, session]) => this.freshSession(userId, session));
    const proposals = this.externalSender.addProposals(this.groupId, 0n, [bot.keyPackage, ...otherPackages]);
    const { commit, welcome } = committer.processProposals(PROPOSALS_APPEND, proposals, this.recognizedUserIds());
    if (!commit || !welcome) throw new Error('DAVE: committer produced no commit/welcome for the initial group');
    committer.processCommit(commit);
    for (const [, session] of others) session.processWelcome(welcome);
    this.members.clear();
    for (const [userId] of entries) this.members.add(userId);
    this.botInGroup = true;
    bot.sendBinary(VoiceOp.DaveMlsWelcome, Buffer.concat([uint16(this.newTransition()), welcome]));
  }

  /** A user joins the running group: external Add, committed by the first member, announced to the bot (op 29). */
  private addToGroup(userId: string): void {
    const session = this.sessions.get(userId);
    if (!session) return;
    const keyPackage = this.freshSession(userId, session);
    const welcome = this.commitChange((epoch) => this.externalSender.addProposals(this.groupId, epoch, [keyPackage]));
    if (!welcome) throw new Error('DAVE: adding a member produced no welcome');
    session.processWelcome(welcome);
    this.members.add(userId);
  }

  /**
   * Sends proposals (op 27) to the bot and every member, has the first member commit, applies the commit to the
   * other members and announces it to the bot (op 29). Returns the Welcome, if the change added someone.
   */
  private commitChange(buildProposals: (epoch: bigint) => Buffer): Buffer | undefined {
    const bot = this.bot;
    const memberSessions = [...this.members].map((id) => this.sessions.get(id)).filter((s) => s !== undefined);
    const [committer, ...others] = memberSessions;
    if (!bot || !committer) return undefined;
    const proposals = buildProposals(committer.epoch ?? 0n);
    // The bot answers op 27 with its own commit (op 28); like Discord, the fake picks a different winner.
    bot.sendBinary(VoiceOp.DaveMlsProposals, Buffer.concat([uint8(PROPOSALS_APPEND), proposals]));
    const recognized = this.recognizedUserIds();
    const { commit, welcome } = committer.processProposals(PROPOSALS_APPEND, proposals, recognized);
    if (!commit) throw new Error('DAVE: committer produced no commit');
    for (const session of others) session.processProposals(PROPOSALS_APPEND, proposals, recognized);
    committer.processCommit(commit);
    for (const session of others) session.processCommit(commit);
    bot.sendBinary(VoiceOp.DaveMlsAnnounceCommitTransition, Buffer.concat([uint16(this.newTransition()), commit]));
    return welcome;
  }

  private newTransition(): number {
    const id = this.nextTransitionId;
    this.nextTransitionId = (this.nextTransitionId % 0xffff) + 1; // 0 means "no handshake" to the client
    this.pendingTransitions.add(id);
    return id;
  }

  private guard(step: () => void): void {
    try {
      step();
    } catch (error) {
      this.reportError(error instanceof Error ? error : new Error(String(error)));
    }
  }
}
