import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { opaque, uint16, uint32, uint64, uint8 } from './mlsCodec.js';

/*
 * The voice gateway's role in DAVE: an MLS "external sender" (RFC 9420 §12.1.8.1) that proposes adding and removing
 * members. davey only implements the member side, so the fake signs these proposals itself.
 * Ciphersuite 2 (MLS_128_DHKEMP256_AES128GCM_SHA256_P256): signatures are ECDSA P-256 over SHA-256, DER-encoded,
 * public keys are uncompressed SEC1 points.
 */

const PROTOCOL_VERSION_MLS10 = 1;
const WIRE_FORMAT_PUBLIC_MESSAGE = 1;
const SENDER_TYPE_EXTERNAL = 2;
const CONTENT_TYPE_PROPOSAL = 2;
const PROPOSAL_TYPE_ADD = 1;
const PROPOSAL_TYPE_REMOVE = 3;
const CREDENTIAL_TYPE_BASIC = 1;
const SIGN_LABEL_PREFIX = 'MLS 1.0 ';

/** The op 27 leading byte: whether the payload appends proposals or revokes earlier ones. */
export const PROPOSALS_APPEND = 0;

export class MlsExternalSender {
  private readonly privateKey: KeyObject;
  /** Uncompressed P-256 point (0x04 ‖ X ‖ Y), 65 bytes. */
  readonly signaturePublicKey: Buffer;
  /** Index of this sender in the group's external_senders extension; Discord's groups have exactly one. */
  private readonly senderIndex = 0;

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    this.privateKey = privateKey;
    const jwk = publicKey.export({ format: 'jwk' });
    if (!jwk.x || !jwk.y) throw new Error('P-256 public key export lacks coordinates');
    this.signaturePublicKey = Buffer.concat([
      Buffer.from([0x04]),
      Buffer.from(jwk.x, 'base64url'),
      Buffer.from(jwk.y, 'base64url'),
    ]);
  }

  /** The op 25 payload: `ExternalSender { SignaturePublicKey signature_key; Credential credential; }`. */
  serialize(): Buffer {
    const credential = Buffer.concat([uint16(CREDENTIAL_TYPE_BASIC), opaque(Buffer.from([0]))]);
    return Buffer.concat([opaque(this.signaturePublicKey), credential]);
  }

  /**
   * The op 27 payload after its operation-type byte: `MLSMessage proposal_messages<V>`, one signed Add per key
   * package, for the group `groupId` at `epoch`.
   */
  addProposals(groupId: Buffer, epoch: bigint, keyPackages: readonly Buffer[]): Buffer {
    const messages = keyPackages.map((keyPackage) =>
      this.signedProposal(groupId, epoch, Buffer.concat([uint16(PROPOSAL_TYPE_ADD), keyPackage])),
    );
    return opaque(Buffer.concat(messages));
  }

  /** Same as {@link addProposals} with Remove proposals for the given leaf indexes. */
  removeProposals(groupId: Buffer, epoch: bigint, leafIndexes: readonly number[]): Buffer {
    const messages = leafIndexes.map((leaf) =>
      this.signedProposal(groupId, epoch, Buffer.concat([uint16(PROPOSAL_TYPE_REMOVE), uint32(leaf)])),
    );
    return opaque(Buffer.concat(messages));
  }

  /** `MLSMessage` carrying a `PublicMessage` whose content is one proposal from this external sender. */
  private signedProposal(groupId: Buffer, epoch: bigint, proposal: Buffer): Buffer {
    const framedContent = Buffer.concat([
      opaque(groupId),
      uint64(epoch),
      uint8(SENDER_TYPE_EXTERNAL),
      uint32(this.senderIndex),
      opaque(Buffer.alloc(0)), // authenticated_data
      uint8(CONTENT_TYPE_PROPOSAL),
      proposal,
    ]);
    const messageHeader = Buffer.concat([uint16(PROTOCOL_VERSION_MLS10), uint16(WIRE_FORMAT_PUBLIC_MESSAGE)]);
    // FramedContentTBS for an external sender carries no GroupContext (RFC 9420 §6.1).
    const signature = this.signWithLabel('FramedContentTBS', Buffer.concat([messageHeader, framedContent]));
    // Proposals have no confirmation tag and external senders no membership tag, so auth data is the signature only.
    return Buffer.concat([messageHeader, framedContent, opaque(signature)]);
  }

  /** RFC 9420 §5.1.2 SignWithLabel: sign `SignContent { opaque label<V>; opaque content<V>; }`. */
  private signWithLabel(label: string, content: Buffer): Buffer {
    const signContent = Buffer.concat([opaque(Buffer.from(SIGN_LABEL_PREFIX + label, 'utf8')), opaque(content)]);
    return sign('sha256', signContent, this.privateKey);
  }
}
