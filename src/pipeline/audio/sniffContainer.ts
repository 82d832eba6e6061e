/** What the first bytes of a file say it is; names and content types lie (Slack labels m4a as video/mp4). */
export type ContainerKind =
  | 'ogg'
  | 'webm'
  | 'mp4'
  | 'wav'
  | 'aac' // raw ADTS
  | 'mp3'
  | 'flac'
  | 'amr'
  | 'html'
  | 'unknown';

export function sniffContainer(data: Uint8Array): ContainerKind {
  const ascii = (start: number, end: number): string => String.fromCharCode(...data.subarray(start, end));
  const b0 = data[0] ?? 0;
  const b1 = data[1] ?? 0;
  if (ascii(0, 4) === 'OggS') return 'ogg';
  if (b0 === 0x1a && b1 === 0x45 && data[2] === 0xdf && data[3] === 0xa3) return 'webm';
  if (ascii(4, 8) === 'ftyp') return 'mp4';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WAVE') return 'wav';
  if (ascii(0, 4) === 'fLaC') return 'flac';
  if (ascii(0, 3) === 'ID3') return 'mp3';
  if (ascii(0, 5) === '#!AMR') return 'amr';
  // ADTS (AAC) and MPEG audio frames both start with an 11/12-bit sync word; the layer bits tell them apart.
  if (b0 === 0xff && (b1 & 0xf6) === 0xf0) return 'aac';
  if (b0 === 0xff && (b1 & 0xe0) === 0xe0 && (b1 & 0x06) !== 0) return 'mp3';
  const head = ascii(0, 64).trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html')) return 'html';
  return 'unknown';
}
