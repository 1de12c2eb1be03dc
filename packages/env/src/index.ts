export {
  childProcessEnv,
  composeEnv,
  definePiece,
  EnvError,
  readAtBoot,
  type ComposedEnv,
  type EnvChecks,
  type EnvPiece,
  type TComposedEnv,
  type TRawEnv,
} from "./define.ts";
export * from "./pieces.ts";
export { renderConfiguration } from "./docs.ts";
