import { UserFacingError } from '../../errors.js';
import { parseRole } from '../../commands/roleOption.js';
import { ROLES, type Question, type Role } from '../../pipeline/questions/types.js';
import type { CliContext } from '../cliContext.js';
import { parseCommandArgs } from '../args.js';
import type { Terminal } from '../terminal.js';
import { bankQuestions } from '../../pipeline/questions/questionBank.js';

/** A free-form question: matched to the bank when it is one of ours, so keywords and ideal answer apply. */
function questionFor(text: string, role: Role | undefined): Question {
  const roles = role ? [role] : ROLES;
  const known = roles.flatMap((r) => bankQuestions(r)).find((q) => q.text.toLowerCase() === text.toLowerCase());
  if (known) return known;
  const keywords = [...new Set((text.toLowerCase().match(/[a-z][a-z0-9-]{4,}/g) ?? []))].slice(0, 6).map((term) => ({ term, synonyms: [] }));
  return {
    id: 'adhoc',
    role: role ?? 'fullstack',
    category: 'General',
    difficulty: 'mid',
    text,
    keywords,
    idealAnswer: 'A direct answer first, then how it works, a concrete example from your experience, and the trade-offs.',
    star: role === 'behavioral' || /tell me about a time|describe a (time|situation)|give an example of a time/i.test(text),
    origin: 'bank',
  };
}

export async function evaluateCommand(argv: string[], ctx: CliContext, term: Terminal): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    question: { type: 'string' },
    answer: { type: 'string' },
    role: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (!values.question?.trim()) throw new UserFacingError('bad_usage', '--question is required.');
  const services = await ctx.services();
  const answer = services.answers.validateText(values.answer ?? '');
  const question = questionFor(values.question.trim(), values.role === undefined ? undefined : parseRole(values.role));
  const e = await services.evaluator.evaluate({ question, answer });
  if (values.json) {
    term.out(
      JSON.stringify({
        score: e.score,
        criteria: e.criteria,
        feedback: e.feedback,
        keywordsCovered: e.keywordsCovered,
        keywordsMissed: e.keywordsMissed,
        idealAnswer: e.idealAnswer,
        evaluator: e.evaluator,
      }),
    );
    return 0;
  }
  term.out(`Score ${e.score}/10 — relevance ${e.criteria.relevance} · depth ${e.criteria.depth} · structure ${e.criteria.structure} · clarity ${e.criteria.clarity}`);
  term.out(e.feedback);
  if (e.keywordsCovered.length) term.out(`Covered: ${e.keywordsCovered.join(', ')}`);
  if (e.keywordsMissed.length) term.out(`Missed:  ${e.keywordsMissed.join(', ')}`);
  term.out(`Ideal answer: ${e.idealAnswer}`);
  return 0;
}
