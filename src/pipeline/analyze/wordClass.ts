/**
 * A small word-class lexicon for deciding what follows "like" and "you know" in raw speech-to-text, where no comma
 * tells a filler from a verb or a comparison. It only needs the classes those rules ask about, so a closed list of
 * the words people use when they talk about work, plus a few suffixes, does the job of a part-of-speech tagger
 * (measured against three npm taggers in docs/BENCHMARKS.md, "Filler detection").
 */
export type WordClass =
  | 'adverb'
  | 'adjective'
  | 'quantifier'
  | 'pastVerb'
  | 'ingVerb'
  | 'auxiliary'
  | 'subject'
  | 'determiner'
  | 'other';

const words = (list: string): ReadonlySet<string> => new Set(list.split(/\s+/).filter(Boolean));

/** Intensifiers and other adverbs that can follow filler "like" ("like really hard", "like super flaky"). */
const ADVERBS = words(`
  really super totally so very pretty quite too just actually basically literally honestly seriously definitely
  completely absolutely extremely incredibly insanely ridiculously always never sometimes often almost barely
  only even still already kinda sorta maybe probably obviously clearly suddenly randomly instantly immediately
  constantly again also way right straight
`);

/** Adjectives common in answers about work, for "was like hard", "like flaky". */
const ADJECTIVES = words(`
  hard easy fast slow quick big small huge tiny massive good bad great terrible awful horrible weird strange odd
  broken flaky stable unstable critical important simple complex complicated difficult impossible new old
  different crazy insane messy clean stressful painful annoying confusing confused tricky expensive cheap random
  obvious clear ready late early fine okay ok nice cool awesome amazing perfect wrong useless worse better best
  worst overwhelmed stuck frustrated nervous lost scared tired busy down up slower faster bigger smaller harder
  easier whole entire full empty real basic tough rough solid huge major minor urgent manual tedious painless
  chaotic quiet loud dead gone done sure happy sad angry upset excited shocked surprised worried afraid aware
  unclear unreliable reliable inconsistent consistent legacy outdated
`);

/** Words that cannot be nouns or adjectives despite their suffix ("apply", "family"). */
const LY_NOT_ADVERB = words('apply reply supply rely comply imply multiply fly family assembly anomaly monopoly ally italy july belly jelly');
const ADJECTIVE_SUFFIX = /(?:ous|ful|ive|able|ible|less|ish)$/;

const QUANTIFIERS = words(`
  every all each many most half several few no none nobody nothing zero both any everything everyone everybody
  one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty sixty seventy
  eighty ninety hundred thousand million billion dozen couple twice double triple
`);

/** Irregular past tenses and past participles ("like broke", "like went"). */
const IRREGULAR_PAST = words(`
  went was were had did got made took came saw said told knew thought found gave ran broke broken wrote written
  built sent spent lost left felt kept fell forgot forgotten began brought bought caught taught chose drove grew
  held meant met paid rode rang rose sat shook slept sold spoke stood stole struck threw understood woke won wore
  done gone seen taken given shown known become became began begun hung dealt fought led sought
`);

/** Words ending in "ed" that are not past forms. */
const ED_NOT_PAST = words('bed red need speed feed seed hundred embed shed bred sled weed reed greed breed shred ted fred proceed exceed succeed');

const AUXILIARIES = words(`
  is was are were be been am has have had do does did would could will can should might must shall may
  isn't wasn't aren't weren't hasn't haven't hadn't don't doesn't didn't wouldn't couldn't won't can't shouldn't
`);

const SUBJECTS = words(`i we they he she you it there nobody everyone everybody someone somebody i'm we're they're he's she's it's there's we'd i'd they'd`);

const DETERMINERS = words('the a an this that these those my our your their his her its some');

/** The class of one lower-cased word, from the lexicon and a few suffixes. */
export function lexiconWordClass(norm: string): WordClass {
  if (/^\d/.test(norm) || QUANTIFIERS.has(norm)) return 'quantifier';
  if (SUBJECTS.has(norm)) return 'subject';
  if (DETERMINERS.has(norm)) return 'determiner';
  if (AUXILIARIES.has(norm)) return 'auxiliary';
  if (IRREGULAR_PAST.has(norm) || (norm.startsWith('re') && IRREGULAR_PAST.has(norm.slice(2)))) return 'pastVerb';
  if (ADVERBS.has(norm)) return 'adverb';
  if (ADJECTIVES.has(norm)) return 'adjective';
  if (norm.length > 4 && norm.endsWith('ed') && !ED_NOT_PAST.has(norm)) return 'pastVerb';
  if (norm.length > 4 && norm.endsWith('ing')) return 'ingVerb';
  if (norm.length > 4 && norm.endsWith('ly') && !LY_NOT_ADVERB.has(norm)) return 'adverb';
  if (norm.length > 5 && ADJECTIVE_SUFFIX.test(norm)) return 'adjective';
  return 'other';
}

/** A verb that makes what precedes it a clause: an auxiliary or a past form ("the database was down"). */
export function isFiniteClass(cls: WordClass): boolean {
  return cls === 'auxiliary' || cls === 'pastVerb';
}
