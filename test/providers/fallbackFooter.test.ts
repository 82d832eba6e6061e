// storage: SQLite and PostgreSQL
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDrill } from '../../src/commands/drill.js';
import { InterviewFlow } from '../../src/commands/interview/InterviewFlow.js';
import { parseConfig } from '../../src/config/index.js';
import { openServices, type Services } from '../../src/services.js';
import { FakeGemini, geminiText } from '../fakes/gemini/FakeGemini.js';
import { RecordingSurface } from '../helpers/recordingSurface.js';
import { validEvaluationJson } from './providerTestKit.js';
import { person, place } from '../helpers/ids.js';
import { createTempDatabaseLocation, type TempDatabaseLocation } from '../helpers/tempDb.js';

let location: TempDatabaseLocation;
let gemini: FakeGemini;
let services: Services;

beforeAll(async () => {
  location = await createTempDatabaseLocation('footer.db');
  gemini = await FakeGemini.start();
  services = await openServices(
    parseConfig({
      ...location.env,
      GEMINI_API_KEY: 'AIza-footer-test-key',
      GEMINI_BASE_URL: gemini.url,
      GEMINI_MODEL: 'gemini-2.5-flash',
      QUESTION_PROVIDER: 'bank',
      SPEAKER_PROVIDER: 'espeak',
      PROVIDER_MAX_RETRIES: '0',
      DRILL_COOLDOWN_SECONDS: '0',
    }),
  );
});
afterAll(async () => {
  await services.close();
  await gemini.close();
  await location.cleanup();
});

async function drillFooter(user: string): Promise<{ footer: string; evaluator: string }> {
  const caller = person('discord', user, user);
  const workspace = place('discord', 'guild-1', 'Guild');
  const { session } = await startDrill(services, { caller, workspace, role: 'backend', difficulty: 'mid', platform: 'discord' });
  // A Discord drill: private cards, the feedback card is its send-off.
  const flow = new InterviewFlow(services, { privateDrills: true });
  const surface = new RecordingSurface();
  const { result } = await flow.submitAnswer({ sessionId: session.id, identity: caller, input: { kind: 'text', text: 'I would add an index and cache hot reads in Redis.' }, surface });
  const card = surface.latest(/^Drill — /);
  if (!result || !card) throw new Error('the drill was not scored');
  expect(card.ephemeral).toBe(true);
  expect((await services.engine.get(session.id)).status).toBe('ended');
  return { footer: card.footer ?? '', evaluator: result.evaluation.evaluator };
}

it('while Gemini keeps failing, each feedback card says the offline rubric scored it and why; once it answers, the card says Gemini', async () => {
  gemini.unknownModels.add('gemini-2.5-flash');
  for (const user of ['u1', 'u2']) {
    const { footer, evaluator } = await drillFooter(user);
    expect(evaluator).toBe('rubric');
    expect(footer).toMatch(/^Scored by the offline rubric — Gemini is unavailable · Another one: \/drill$/);
  }
  gemini.unknownModels.clear();
  gemini.script(geminiText(validEvaluationJson()));
  const recovered = await drillFooter('u3');
  expect(recovered.footer).toMatch(/^Scored by gemini \(gemini-2\.5-flash\)/);
});
