import { SlashCommandBuilder, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { DIFFICULTIES, ROLES, ROLE_LABELS } from '../../pipeline/questions/types.js';

const roleChoices = ROLES.map((r) => ({ name: ROLE_LABELS[r], value: r }));
const difficultyChoices = DIFFICULTIES.map((d) => ({ name: d, value: d }));

/** Every slash command, declared once; the bot's start and `deploy-commands` register exactly this list. */
export function commandDefinitions(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return [
    new SlashCommandBuilder()
      .setName('mock-interview')
      .setDescription('Start a mock interview round in a thread')
      .setDMPermission(false)
      .addStringOption((o) => o.setName('role').setDescription('Interview role').setRequired(true).addChoices(...roleChoices))
      .addStringOption((o) => o.setName('difficulty').setDescription('Question level (default mid)').addChoices(...difficultyChoices))
      .addIntegerOption((o) => o.setName('questions').setDescription('How many questions (1–10, default 5)').setMinValue(1).setMaxValue(10))
      .addStringOption((o) =>
        o
          .setName('mode')
          .setDescription('voice: answer out loud in your voice channel; text: type or send voice messages')
          .addChoices({ name: 'auto', value: 'auto' }, { name: 'voice', value: 'voice' }, { name: 'text', value: 'text' }),
      )
      .addStringOption((o) =>
        o.setName('round').setDescription('everyone answers each question, or one person per question').addChoices({ name: 'everyone', value: 'everyone' }, { name: 'hot seat', value: 'hot-seat' }),
      )
      .addStringOption((o) => o.setName('topics').setDescription('Comma-separated topics, e.g. React, testing').setAutocomplete(true).setMaxLength(200))
      .addStringOption((o) => o.setName('job_description').setDescription('Paste a job description to tailor questions (AI providers)').setMaxLength(2000))
      .addBooleanOption((o) => o.setName('leaderboard').setDescription('Rank participants by score in the summary'))
      .addBooleanOption((o) => o.setName('follow_ups').setDescription('After each answer, one follow-up question on its weakest point (solo rounds)'))
      .addBooleanOption((o) => o.setName('lobby').setDescription('Wait for others to join before Question 1 (default: only voice rounds wait)'))
      .toJSON(),
    new SlashCommandBuilder()
      .setName('drill')
      .setDescription('One quick practice question, just for you')
      .addStringOption((o) => o.setName('role').setDescription('Interview role').setRequired(true).addChoices(...roleChoices))
      .addStringOption((o) => o.setName('difficulty').setDescription('Question level').addChoices(...difficultyChoices))
      .addBooleanOption((o) => o.setName('follow_ups').setDescription('Then one follow-up question on the weakest point of your answer'))
      .toJSON(),
    new SlashCommandBuilder()
      .setName('progress')
      .setDescription('Your practice history as charts and trends')
      .addUserOption((o) => o.setName('user').setDescription("Someone else's progress (if they share it)"))
      .addStringOption((o) => o.setName('role').setDescription('Only this role').addChoices(...roleChoices))
      .addIntegerOption((o) => o.setName('period').setDescription('Days to look back (default 30)').setMinValue(7).setMaxValue(365))
      .addBooleanOption((o) => o.setName('public').setDescription('Post it for everyone to see'))
      .toJSON(),
    new SlashCommandBuilder().setName('history').setDescription('Your last answers and scores').toJSON(),
    new SlashCommandBuilder().setName('stop').setDescription('End the interview running in this channel or thread').toJSON(),
    new SlashCommandBuilder()
      .setName('share-progress')
      .setDescription('Let others in this server see your /progress')
      .addBooleanOption((o) => o.setName('allow').setDescription('Allow or stop sharing').setRequired(true))
      .toJSON(),
    new SlashCommandBuilder().setName('forget-me').setDescription('Delete everything Interview Coach stored about you').toJSON(),
  ];
}
