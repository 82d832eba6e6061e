/**
 * The whisper.cpp models this app can fetch by name, pinned to one revision of the model repository on
 * Hugging Face so a file never changes under a name. Sizes and digests are those of that revision (the LFS
 * object ids), each cross-checked against more than one public project that pins the same files.
 */
export const MODEL_REPOSITORY_URL = 'https://huggingface.co/ggerganov/whisper.cpp';
export const MODEL_REVISION = '5359861c739e955e79d9a303bcbc70fb988958b1';
export const DEFAULT_LOCAL_MODEL = 'base.en-q5_1';

export interface ManifestEntry {
  /** File name in the repository and in the cache folder. */
  fileName: string;
  bytes: number;
  sha256: string;
}

export const LOCAL_MODEL_NAMES = [
  'tiny.en',
  'tiny.en-q5_1',
  'tiny.en-q8_0',
  'base.en',
  'base.en-q5_1',
  'base.en-q8_0',
  'small.en',
  'small.en-q5_1',
  'small.en-q8_0',
] as const;

export type LocalModelName = (typeof LOCAL_MODEL_NAMES)[number];

const entry = (name: LocalModelName, bytes: number, sha256: string): ManifestEntry => ({ fileName: `ggml-${name}.bin`, bytes, sha256 });

export const MODEL_MANIFEST: Readonly<Record<LocalModelName, ManifestEntry>> = {
  'tiny.en': entry('tiny.en', 77_704_715, '921e4cf8686fdd993dcd081a5da5b6c365bfde1162e72b08d75ac75289920b1f'),
  'tiny.en-q5_1': entry('tiny.en-q5_1', 32_166_155, 'c77c5766f1cef09b6b7d47f21b546cbddd4157886b3b5d6d4f709e91e66c7c2b'),
  'tiny.en-q8_0': entry('tiny.en-q8_0', 43_550_795, '5bc2b3860aa151a4c6e7bb095e1fcce7cf12c7b020ca08dcec0c6d018bb7dd94'),
  'base.en': entry('base.en', 147_964_211, 'a03779c86df3323075f5e796cb2ce5029f00ec8869eee3fdfb897afe36c6d002'),
  'base.en-q5_1': entry('base.en-q5_1', 59_721_011, '4baf70dd0d7c4247ba2b81fafd9c01005ac77c2f9ef064e00dcf195d0e2fdd2f'),
  'base.en-q8_0': entry('base.en-q8_0', 81_781_811, 'a4d4a0768075e13cfd7e19df3ae2dbc4a68d37d36a7dad45e8410c9a34f8c87e'),
  'small.en': entry('small.en', 487_614_201, 'c6138d6d58ecc8322097e0f987c32f1be8bb0a18532a3f88f734d1bbf9c41e5d'),
  'small.en-q5_1': entry('small.en-q5_1', 190_098_681, 'bfdff4894dcb76bbf647d56263ea2a96645423f1669176f4844a1bf8e478ad30'),
  'small.en-q8_0': entry('small.en-q8_0', 264_477_561, '67a179f608ea6114bd3fdb9060e762b588a3fb3bd00c4387971be4d177958067'),
};

export function isLocalModelName(name: string): name is LocalModelName {
  return (LOCAL_MODEL_NAMES as readonly string[]).includes(name);
}

/** `{base}/resolve/{revision}/ggml-{name}.bin`, the repository's download form. */
export function manifestUrl(name: LocalModelName, baseUrl: string = MODEL_REPOSITORY_URL): string {
  return `${baseUrl.replace(/\/+$/, '')}/resolve/${MODEL_REVISION}/${MODEL_MANIFEST[name].fileName}`;
}
