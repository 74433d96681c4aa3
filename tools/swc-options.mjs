// The one swc setting for server code, shared by the build (tools/build-server.mjs) and jest, so
// tests run the code exactly as it is compiled: ES modules, legacy decorators with the metadata
// Nest's dependency injection reads.
export const swcOptions = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2023',
    keepClassNames: true,
  },
  module: { type: 'es6' },
};
