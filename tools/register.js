// Runs TypeScript sources directly (with decorator metadata for Nest and the @dalal/* path aliases).
process.env.SWC_NODE_PROJECT ??= require('node:path').join(__dirname, '..', 'tsconfig.json');
require('@swc-node/register');
