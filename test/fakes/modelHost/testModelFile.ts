/** The weightless whisper.cpp test model the fake host serves: the same file every local-model test uses. */
export { testWhisperModelPath as testModelFile } from '../../helpers/testWhisperModel.js';
