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
    // drizzle-orm loads as CommonJS through src/db/drizzle.ts (its ES module build costs seconds at start; see there).
    files: ['src/**/*.ts'],
    ignores: ['src/db/drizzle.ts'],
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
