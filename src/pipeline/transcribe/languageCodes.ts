/**
 * Whisper's languages by English name → ISO 639-1 code. OpenAI and Groq answer `"language": "english"`, speaches
 * and whisper.cpp `"en"`; the project stores the code. Where Whisper uses a code outside ISO 639-1 (Hawaiian,
 * Cantonese) its own code is kept; Whisper's "jw" for Javanese becomes ISO's "jv".
 */
const CODES: Readonly<Record<string, string>> = {
  afrikaans: 'af', albanian: 'sq', amharic: 'am', arabic: 'ar', armenian: 'hy', assamese: 'as', azerbaijani: 'az',
  bashkir: 'ba', basque: 'eu', belarusian: 'be', bengali: 'bn', bosnian: 'bs', breton: 'br', bulgarian: 'bg',
  cantonese: 'yue', catalan: 'ca', chinese: 'zh', croatian: 'hr', czech: 'cs', danish: 'da', dutch: 'nl',
  english: 'en', estonian: 'et', faroese: 'fo', finnish: 'fi', french: 'fr', galician: 'gl', georgian: 'ka',
  german: 'de', greek: 'el', gujarati: 'gu', 'haitian creole': 'ht', hausa: 'ha', hawaiian: 'haw', hebrew: 'he',
  hindi: 'hi', hungarian: 'hu', icelandic: 'is', indonesian: 'id', italian: 'it', japanese: 'ja', javanese: 'jv',
  kannada: 'kn', kazakh: 'kk', khmer: 'km', korean: 'ko', lao: 'lo', latin: 'la', latvian: 'lv', lingala: 'ln',
  lithuanian: 'lt', luxembourgish: 'lb', macedonian: 'mk', malagasy: 'mg', malay: 'ms', malayalam: 'ml',
  maltese: 'mt', maori: 'mi', marathi: 'mr', mongolian: 'mn', myanmar: 'my', nepali: 'ne', norwegian: 'no',
  nynorsk: 'nn', occitan: 'oc', pashto: 'ps', persian: 'fa', polish: 'pl', portuguese: 'pt', punjabi: 'pa',
  romanian: 'ro', russian: 'ru', sanskrit: 'sa', serbian: 'sr', shona: 'sn', sindhi: 'sd', sinhala: 'si',
  slovak: 'sk', slovenian: 'sl', somali: 'so', spanish: 'es', sundanese: 'su', swahili: 'sw', swedish: 'sv',
  tagalog: 'tl', tajik: 'tg', tamil: 'ta', tatar: 'tt', telugu: 'te', thai: 'th', tibetan: 'bo', turkish: 'tr',
  turkmen: 'tk', ukrainian: 'uk', urdu: 'ur', uzbek: 'uz', vietnamese: 'vi', welsh: 'cy', yiddish: 'yi', yoruba: 'yo',
  // Other names Whisper accepts for the same languages.
  burmese: 'my', castilian: 'es', flemish: 'nl', haitian: 'ht', letzeburgesch: 'lb', mandarin: 'zh',
  moldavian: 'ro', moldovan: 'ro', panjabi: 'pa', pushto: 'ps', sinhalese: 'si', valencian: 'ca',
};

const KNOWN_CODES = new Set([...Object.values(CODES), 'jw']);

/**
 * A language as a server wrote it → its code: names in any case ("English", "haitian creole"), codes with or
 * without a region ("en", "EN-us"). Something unrecognised is kept, lower-cased, rather than lost; blank is null.
 */
export function languageCode(value: string | null | undefined): string | null {
  const text = value?.trim().toLowerCase().replace(/[_\s]+/g, ' ') ?? '';
  if (text === '') return null;
  const named = CODES[text];
  if (named) return named;
  const primary = text.split(/[-\s]/)[0] ?? text;
  if (KNOWN_CODES.has(primary)) return primary === 'jw' ? 'jv' : primary;
  return text;
}
