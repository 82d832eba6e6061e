import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'data', 'migrations', 'docs', 'coverage', '.scratch-*'] },
  { languageOptions: { globals: { ...globals.node } } },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Rules that need the type checker: the TypeScript files of tsconfig.json (the .js launchers carry no types).
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // A promise nobody awaits loses its rejection: await it, return it, or mark a deliberate fire-and-forget with `void`.
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    // drizzle-orm loads as CommonJS through src/db/drizzle.ts (its ES module build costs seconds at start; see there).
    files: ['src/**/*.ts'],
    ignores: ['src/db/drizzle.ts', 'src/db/postgres/drizzlePg.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['drizzle-orm', 'drizzle-orm/*'], allowTypeImports: true, message: 'Import drizzle values from src/db/drizzle.ts (type-only imports are fine).' }],
        },
      ],
    },
  },
);
