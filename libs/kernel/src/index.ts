export { intentIdFor } from './intent-id';
export {
  optionInstrument,
  resolveEntry,
  resolveExit,
  type ResolveEnv,
  type ResolvedIntent,
  type ResolvedLeg,
} from './resolve-intent';
