/**
 * The tsconfig emitted TypeScript must pass: `strict` plus every stricter flag a user's project
 * might turn on, so a generated file never breaks the build it is dropped into.
 */
export const STRICT_TSCONFIG = {
  compilerOptions: {
    strict: true,
    noEmit: true,
    target: 'ES2022',
    lib: ['ES2022'],
    module: 'ESNext',
    moduleResolution: 'Bundler',
    types: [],
    noUnusedLocals: true,
    noUnusedParameters: true,
    noImplicitReturns: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    noFallthroughCasesInSwitch: true,
    noPropertyAccessFromIndexSignature: true,
    noImplicitOverride: true,
    isolatedModules: true,
    verbatimModuleSyntax: true,
  },
  include: ['*.ts'],
} as const;
