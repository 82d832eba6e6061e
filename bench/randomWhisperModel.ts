// A whisper.cpp model file of a real model's shape with random weights, made from the weightless test model
// (whisper.cpp's own `for-tests-ggml-tiny.en.bin`: real header, mel filters and vocabulary, no tensors). It times the
// real compute of tiny.en or base.en without downloading a model; its text is garbage.
//
// Layout of a legacy ggml whisper file (little-endian), as whisper.cpp's loader reads it:
//   u32 magic 0x67676d6c
//   i32 × 11 hparams: n_vocab, n_audio_ctx, n_audio_state, n_audio_head, n_audio_layer,
//                     n_text_ctx, n_text_state, n_text_head, n_text_layer, n_mels, ftype
//   i32 n_mel, i32 n_fft, f32 × n_mel·n_fft   mel filters
//   i32 n_tokens, then per token: u32 length, bytes
//   tensors until end of file: i32 n_dims, i32 name length, i32 type (0 f32, 1 f16), i32 × n_dims ne
//                              (innermost first), name bytes, data
// Written here from that description; no code is taken from whisper.cpp.
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { once } from 'node:events';
import { prng } from '../test/helpers/prng.js';

const MAGIC = 0x67676d6c;
const F32 = 0;
const F16 = 1;

export interface WhisperShape {
  audioState: number;
  audioHeads: number;
  audioLayers: number;
  textState: number;
  textHeads: number;
  textLayers: number;
}

/** The published dimensions of the English-only models. */
export const WHISPER_SHAPES = {
  'tiny.en': { audioState: 384, audioHeads: 6, audioLayers: 4, textState: 384, textHeads: 6, textLayers: 4 },
  'base.en': { audioState: 512, audioHeads: 8, audioLayers: 6, textState: 512, textHeads: 8, textLayers: 6 },
} as const satisfies Record<string, WhisperShape>;

interface Hparams {
  nVocab: number;
  audioCtx: number;
  textCtx: number;
  mels: number;
}

interface TensorSpec {
  name: string;
  /** ggml order: innermost dimension first. */
  ne: number[];
  type: typeof F32 | typeof F16;
}

/**
 * Every tensor whisper.cpp expects, with the types the official converter writes: vectors, convolution biases and
 * positional embeddings in f32, matrices and convolution kernels in f16.
 */
export function tensorList(shape: WhisperShape, h: Hparams): TensorSpec[] {
  const a = shape.audioState;
  const t = shape.textState;
  const list: TensorSpec[] = [
    { name: 'encoder.positional_embedding', ne: [a, h.audioCtx], type: F32 },
    { name: 'encoder.conv1.weight', ne: [3, h.mels, a], type: F16 },
    { name: 'encoder.conv1.bias', ne: [1, a], type: F32 },
    { name: 'encoder.conv2.weight', ne: [3, a, a], type: F16 },
    { name: 'encoder.conv2.bias', ne: [1, a], type: F32 },
    { name: 'encoder.ln_post.weight', ne: [a], type: F32 },
    { name: 'encoder.ln_post.bias', ne: [a], type: F32 },
  ];
  const block = (prefix: string, n: number, cross: boolean): TensorSpec[] => {
    const attention = (p: string): TensorSpec[] => [
      { name: `${p}.query.weight`, ne: [n, n], type: F16 },
      { name: `${p}.query.bias`, ne: [n], type: F32 },
      { name: `${p}.key.weight`, ne: [n, n], type: F16 },
      { name: `${p}.value.weight`, ne: [n, n], type: F16 },
      { name: `${p}.value.bias`, ne: [n], type: F32 },
      { name: `${p}.out.weight`, ne: [n, n], type: F16 },
      { name: `${p}.out.bias`, ne: [n], type: F32 },
    ];
    const crossAttention: TensorSpec[] = [
      { name: `${prefix}.cross_attn_ln.weight`, ne: [n], type: F32 },
      { name: `${prefix}.cross_attn_ln.bias`, ne: [n], type: F32 },
      ...attention(`${prefix}.cross_attn`),
    ];
    return [
      { name: `${prefix}.mlp_ln.weight`, ne: [n], type: F32 },
      { name: `${prefix}.mlp_ln.bias`, ne: [n], type: F32 },
      { name: `${prefix}.mlp.0.weight`, ne: [n, 4 * n], type: F16 },
      { name: `${prefix}.mlp.0.bias`, ne: [4 * n], type: F32 },
      { name: `${prefix}.mlp.2.weight`, ne: [4 * n, n], type: F16 },
      { name: `${prefix}.mlp.2.bias`, ne: [n], type: F32 },
      { name: `${prefix}.attn_ln.weight`, ne: [n], type: F32 },
      { name: `${prefix}.attn_ln.bias`, ne: [n], type: F32 },
      ...attention(`${prefix}.attn`),
      ...(cross ? crossAttention : []),
    ];
  };
  for (let i = 0; i < shape.audioLayers; i++) list.push(...block(`encoder.blocks.${i}`, a, false));
  list.push(
    { name: 'decoder.positional_embedding', ne: [t, h.textCtx], type: F32 },
    { name: 'decoder.token_embedding.weight', ne: [t, h.nVocab], type: F16 },
    { name: 'decoder.ln.weight', ne: [t], type: F32 },
    { name: 'decoder.ln.bias', ne: [t], type: F32 },
  );
  for (let i = 0; i < shape.textLayers; i++) list.push(...block(`decoder.blocks.${i}`, t, true));
  return list;
}

/** Float → IEEE half, enough for the small normal values written here (no NaN/Inf handling needed). */
function toHalf(value: number): number {
  const f = new Float32Array([value]);
  const bits = new Uint32Array(f.buffer)[0] ?? 0;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = ((bits >>> 23) & 0xff) - 127 + 15;
  const mantissa = (bits >>> 13) & 0x3ff;
  if (exponent <= 0) return sign; // too small for a normal half: zero
  if (exponent >= 31) return sign | 0x7bff;
  return sign | (exponent << 10) | mantissa;
}


/**
 * One pool of random values, reused with a moving offset: generating 70–150 M values one by one would make the
 * generator slower than the benchmark it serves, and the compute does not care whether weights repeat.
 */
const POOL = 1 << 20;
function randomPools(seed: number): { f16: Buffer; f32: Buffer } {
  const next = prng(seed);
  const f16 = Buffer.alloc(POOL * 2);
  const f32 = Buffer.alloc(POOL * 4);
  for (let i = 0; i < POOL; i++) {
    // Sum of uniforms ≈ normal, σ ≈ 0.02: weights of a trained transformer's order of magnitude.
    const v = (next() + next() + next() - 1.5) * 0.04;
    f16.writeUInt16LE(toHalf(v), i * 2);
    f32.writeFloatLE(v, i * 4);
  }
  return { f16, f32 };
}

export interface GenerateOptions {
  /** The weightless test model whose header, mel filters and vocabulary are reused. */
  source: string;
  target: string;
  shape: WhisperShape;
  seed?: number;
}

/** Writes the model file; returns its size in bytes. */
export async function generateRandomWhisperModel(options: GenerateOptions): Promise<number> {
  const input = await readFile(options.source);
  if (input.readUInt32LE(0) !== MAGIC) throw new Error(`${options.source} is not a ggml whisper model`);
  const hparams = Array.from({ length: 11 }, (_, i) => input.readInt32LE(4 + i * 4));
  const [nVocab = 0, audioCtx = 0, , , , textCtx = 0, , , , mels = 0, ftype = 0] = hparams;
  if (ftype !== F16) throw new Error(`expected an f16 model (ftype 1), got ftype ${ftype}`);
  // Everything after the hparams up to the end of the vocabulary is copied as it is.
  let offset = 48;
  const nMel = input.readInt32LE(offset);
  const nFft = input.readInt32LE(offset + 4);
  offset += 8 + nMel * nFft * 4;
  const nTokens = input.readInt32LE(offset);
  offset += 4;
  for (let i = 0; i < nTokens; i++) offset += 4 + input.readUInt32LE(offset);
  const preamble = input.subarray(48, offset);

  const s = options.shape;
  const header = Buffer.alloc(48);
  header.writeUInt32LE(MAGIC, 0);
  [nVocab, audioCtx, s.audioState, s.audioHeads, s.audioLayers, textCtx, s.textState, s.textHeads, s.textLayers, mels, F16].forEach(
    (v, i) => header.writeInt32LE(v, 4 + i * 4),
  );

  const pools = randomPools(options.seed ?? 1);
  const out = createWriteStream(options.target);
  let written = 0;
  const write = async (chunk: Buffer): Promise<void> => {
    written += chunk.length;
    if (!out.write(chunk)) await once(out, 'drain');
  };
  await write(header);
  await write(preamble);
  let cursor = 0;
  for (const tensor of tensorList(s, { nVocab, audioCtx, textCtx, mels })) {
    const name = Buffer.from(tensor.name, 'utf8');
    const head = Buffer.alloc(12 + tensor.ne.length * 4);
    head.writeInt32LE(tensor.ne.length, 0);
    head.writeInt32LE(name.length, 4);
    head.writeInt32LE(tensor.type, 8);
    tensor.ne.forEach((n, i) => head.writeInt32LE(n, 12 + i * 4));
    await write(Buffer.concat([head, name]));
    const pool = tensor.type === F16 ? pools.f16 : pools.f32;
    const size = tensor.type === F16 ? 2 : 4;
    let remaining = tensor.ne.reduce((a, b) => a * b, 1) * size;
    while (remaining > 0) {
      const start = (cursor * size) % pool.length;
      const take = Math.min(remaining, pool.length - start);
      await write(pool.subarray(start, start + take));
      remaining -= take;
      cursor += Math.ceil(take / size) + 7; // shift so consecutive tensors do not start alike
    }
  }
  out.end();
  await once(out, 'finish');
  return written;
}
