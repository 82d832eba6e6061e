import type { Competency, Difficulty, Known, Role } from '../../enums.js';

export { DIFFICULTIES, ROLES, isDifficulty, isRole, type Difficulty, type Role } from '../../enums.js';

export const ROLE_LABELS: Record<Role, string> = {
  frontend: 'Frontend',
  backend: 'Backend',
  fullstack: 'Full-stack',
  'data-ml': 'Data / ML',
  devops: 'DevOps / SRE',
  mobile: 'Mobile',
  product: 'Product manager',
  behavioral: 'Behavioural',
};


/** A concept the answer should mention; any synonym counts as covering it. */
export interface Keyword {
  term: string;
  synonyms: string[];
}

export type QuestionOrigin = 'bank' | 'gemini' | 'openai';

export interface Question {
  /** Stable id: bank questions use `role:slug`; generated ones `gen:<hash>`. */
  id: string;
  /** `unknown` only for a stored question whose role this version does not know (see questionFromRow). */
  role: Known<Role>;
  category: string;
  difficulty: Known<Difficulty>;
  text: string;
  keywords: Keyword[];
  /** A short outline of a strong answer (2–4 sentences). */
  idealAnswer: string;
  /** STAR-structured questions (behavioural) are scored for structure with STAR. */
  star: boolean;
  origin: QuestionOrigin;
}

/** What the bank files declare; `role` and `origin` are filled in by the bank. */
export type BankQuestion = Omit<Question, 'role' | 'origin' | 'star'> & { star?: boolean };

export interface QuestionRequest {
  role: Role;
  difficulty?: Difficulty;
  count: number;
  topics?: string[];
  jobDescription?: string;
  /** Question ids (or texts, for generated questions) the user has already had. */
  exclude: ReadonlySet<string>;
  /**
   * Behavioural rounds: how much the person needs a story for each competency (lower first; see needRank). The bank
   * favours the neediest and spaces competencies out; sources that cannot (an LLM) may ignore it.
   */
  competencyRank?: (competency: Competency) => number;
  /** The competency of the behavioural question asked last time: not asked again first while another is open. */
  previousCompetency?: Competency | null;
}

export interface QuestionSource {
  readonly name: string;
  generate(request: QuestionRequest, signal?: AbortSignal): Promise<Question[]>;
}
