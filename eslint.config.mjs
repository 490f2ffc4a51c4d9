// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

const FEATURES = ['auth', 'users', 'users-read', 'notifications'];
const feature = (name) => [`**/${name}/**`, `../${name}/*`, `../../${name}/*`];

/** Who may import what (see STYLE.md): checked here rather than remembered. */
const boundaries = [
  {
    files: ['src/contracts/**/*.ts'],
    message: 'contracts import nothing: they are plain, versioned types',
    group: ['../*', '@*/*', 'mongoose', 'nats', 'nestjs-pino'],
  },
  {
    files: ['src/config/**/*.ts', 'src/infrastructure/**/*.ts'],
    message: 'infrastructure knows nothing of the features',
    group: FEATURES.flatMap(feature),
  },
  {
    files: ['src/users/**/*.ts'],
    message: 'the write side never imports the read side or auth: they talk through events',
    group: [...feature('users-read'), ...feature('auth'), ...feature('notifications')],
  },
  {
    files: ['src/users-read/**/*.ts'],
    message: 'the read side learns about users only from events',
    group: [...feature('users'), ...feature('auth'), ...feature('notifications')],
  },
  {
    files: ['src/notifications/**/*.ts'],
    message: 'reactions learn about users only from events',
    group: [...feature('users'), ...feature('users-read'), ...feature('auth')],
  },
];

export default tseslint.config(
  { ignores: ['dist/', 'dist-bench/', 'node_modules/', 'coverage/', '.stack/', 'jest.config.js', 'eslint.config.mjs'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      'no-console': 'error',
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  ...boundaries.map(({ files, message, group }) => ({
    files,
    ignores: ['**/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group, message }] }] },
  })),
  {
    files: ['test/**/*.ts', 'src/**/*.spec.ts'],
    rules: {
      // Response bodies from supertest are `any` by design; tests assert on their shape.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['scripts/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
