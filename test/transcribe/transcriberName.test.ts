import { describe, expect, it } from 'vitest';
import { transcriberColumns } from '../../src/pipeline/transcribe/transcriberName.js';

describe('a transcriber name as the answer stores it', () => {
  it('splits the kind from the model, and stores a kind outside the list as unknown', () => {
    expect(transcriberColumns('openai:whisper-1')).toEqual({ transcriber: 'openai', transcriberModel: 'whisper-1' });
    expect(transcriberColumns('whisper.cpp:ggml-base.en.bin')).toEqual({ transcriber: 'whisper.cpp', transcriberModel: 'ggml-base.en.bin' });
    expect(transcriberColumns('openai')).toEqual({ transcriber: 'openai', transcriberModel: null });
    expect(transcriberColumns('deepgram:nova-3')).toEqual({ transcriber: 'unknown', transcriberModel: 'nova-3' });
  });
});
