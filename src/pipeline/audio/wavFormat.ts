import { audioUnreadable, audioUnsupported } from './audioErrors.js';

/** Where the samples of a RIFF/WAVE file are and how they are stored. */
export interface WavInfo {
  sampleFormat: 'pcm' | 'float';
  bitsPerSample: number;
  channels: number;
  sampleRate: number;
  /** Bytes per frame (all channels). */
  blockAlign: number;
  dataOffset: number;
  /** Bytes of sample data actually present. */
  dataBytes: number;
  /** What the header claims; streamed WAVs write 0 or 0xFFFFFFFF, so it may differ from what is present. */
  declaredDataBytes: number;
}

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_EXTENSIBLE = 0xfffe;
const STREAMED_SIZES = new Set([0, 0xffffffff]);

/** Reads the RIFF chunk list; throws a UserFacingError for files that are not usable WAV. */
export function readWavInfo(data: Buffer): WavInfo {
  if (data.length < 12 || data.toString('latin1', 0, 4) !== 'RIFF' || data.toString('latin1', 8, 12) !== 'WAVE') {
    throw audioUnreadable('it is not a WAV file.');
  }
  let fmt: Omit<WavInfo, 'dataOffset' | 'dataBytes' | 'declaredDataBytes'> | undefined;
  let offset = 12;
  while (offset + 8 <= data.length) {
    const id = data.toString('latin1', offset, offset + 4);
    const size = data.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + size > data.length) throw audioUnreadable('the WAV header is damaged.');
      fmt = readFmt(data, body, size);
    } else if (id === 'data') {
      if (!fmt) throw audioUnreadable('the WAV file has no format header before its samples.');
      const available = data.length - body;
      const declared = size;
      const present = STREAMED_SIZES.has(declared) ? available : Math.min(declared, available);
      return { ...fmt, dataOffset: body, dataBytes: present - (present % fmt.blockAlign), declaredDataBytes: declared };
    }
    offset = body + size + (size % 2);
  }
  throw audioUnreadable('the WAV file has no audio data.');
}

function readFmt(data: Buffer, body: number, size: number): Omit<WavInfo, 'dataOffset' | 'dataBytes' | 'declaredDataBytes'> {
  let tag = data.readUInt16LE(body);
  const channels = data.readUInt16LE(body + 2);
  const sampleRate = data.readUInt32LE(body + 4);
  const blockAlign = data.readUInt16LE(body + 12);
  const bitsPerSample = data.readUInt16LE(body + 14);
  // WAVE_FORMAT_EXTENSIBLE keeps the real format in the first two bytes of its sub-format GUID.
  if (tag === FORMAT_EXTENSIBLE && size >= 40) tag = data.readUInt16LE(body + 24);
  const pcmOk = tag === FORMAT_PCM && [8, 16, 24, 32].includes(bitsPerSample);
  const floatOk = tag === FORMAT_FLOAT && bitsPerSample === 32;
  if (!pcmOk && !floatOk) throw audioUnsupported(`this kind of WAV file (format ${tag}, ${bitsPerSample}-bit)`);
  if (channels < 1 || sampleRate < 1000 || sampleRate > 384000 || blockAlign !== channels * (bitsPerSample / 8)) {
    throw audioUnreadable('the WAV header is damaged.');
  }
  return { sampleFormat: tag === FORMAT_FLOAT ? 'float' : 'pcm', bitsPerSample, channels, sampleRate, blockAlign };
}

/** Frames [first, first + count) of the data chunk, averaged to mono signed 16-bit. */
export function wavFramesToMono(data: Buffer, info: WavInfo, first: number, count: number): Int16Array {
  const out = new Int16Array(count);
  const { channels, blockAlign, bitsPerSample } = info;
  const bytes = bitsPerSample / 8;
  const read = sampleReader(data, info);
  for (let frame = 0; frame < count; frame++) {
    const base = info.dataOffset + (first + frame) * blockAlign;
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += read(base + c * bytes);
    const value = Math.round((sum / channels) * 32768);
    out[frame] = value > 32767 ? 32767 : value < -32768 ? -32768 : value;
  }
  return out;
}

/** One sample at a byte offset, scaled to [-1, 1). */
function sampleReader(data: Buffer, info: WavInfo): (offset: number) => number {
  if (info.sampleFormat === 'float') return (o) => data.readFloatLE(o);
  switch (info.bitsPerSample) {
    case 8:
      return (o) => ((data[o] ?? 128) - 128) / 128;
    case 16:
      return (o) => data.readInt16LE(o) / 32768;
    case 24:
      return (o) => data.readIntLE(o, 3) / 8388608;
    default:
      return (o) => data.readInt32LE(o) / 2147483648;
  }
}
