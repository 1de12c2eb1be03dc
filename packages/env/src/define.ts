import { z } from "zod";

/**
 * The one reader of process.env (eslint.config.js bans it elsewhere). A piece is the zod shape of a few
 * variables that belong together; an app composes the pieces it needs into its env module, which lists
 * every bad or missing variable in one error at boot.
 */

/** Raw variables, as the process (or a test) hands them over. */
export type TRawEnv = Readonly<Record<string, string | undefined>>;

export interface EnvPiece<S extends z.ZodRawShape = z.ZodRawShape> {
  /** Heading of the piece in docs/configuration.md. */
  readonly title: string;
  readonly shape: S;
  /** Validates this piece alone against `source` (no cache). */
  readonly parse: (source: TRawEnv) => z.output<z.ZodObject<S>>;
  /** This piece from process.env: parsed again only when one of its variables changed (tests set them). */
  readonly read: () => z.output<z.ZodObject<S>>;
}

type UnionToIntersection<U> = (U extends unknown ? (k: U) => void : never) extends (k: infer I) => void ? I : never;
type PieceOutput<P> = P extends EnvPiece<infer S> ? z.output<z.ZodObject<S>> : never;
/** What an app's env module returns: every variable of every piece, typed. */
export type TComposedEnv<P extends readonly EnvPiece[]> = UnionToIntersection<PieceOutput<P[number]>>;

export interface ComposedEnv<P extends readonly EnvPiece[]> {
  /** Who reads it ("web", "worker"…), for error messages and docs. */
  readonly name: string;
  /** Where the app composes it (apps/web/src/env.ts), for the docs. */
  readonly module: string;
  readonly pieces: P;
  readonly parse: (source: TRawEnv) => TComposedEnv<P>;
  readonly read: () => TComposedEnv<P>;
}

/** One line per variable to fix; values are never printed (most are secrets). */
export class EnvError extends Error {
  constructor(
    readonly envName: string,
    readonly problems: readonly { variable: string; message: string }[],
  ) {
    const lines = problems.map((p) => `  ${p.variable}: ${p.message}`);
    super(
      `Invalid environment for ${envName} (${problems.length} ${problems.length === 1 ? "variable" : "variables"}):\n${lines.join("\n")}\nSee docs/configuration.md.`,
    );
    this.name = "EnvError";
  }
}

/**
 * Extra checks by variable, run on the raw text: the parsers that own a format (the egress guard's CIDR
 * lists, the secret box's key ring) live in packages the env package must not import, so an app passes
 * them in. A check throws to reject; its message joins the others in the one EnvError.
 */
export type EnvChecks = Readonly<Record<string, (value: string | undefined) => unknown>>;

function parser<S extends z.ZodRawShape>(envName: string, shape: S, checks: EnvChecks = {}): (source: TRawEnv) => z.output<z.ZodObject<S>> {
  const schema = z.object(shape);
  const keys = Object.keys(shape);
  return (source) => {
    // An empty value means unset: `.env` files and shells write `NAME=` for "nothing here".
    const raw = Object.fromEntries(keys.map((k) => [k, source[k] === "" ? undefined : source[k]]));
    const result = schema.safeParse(raw);
    const problems = new Map<string, string>();
    for (const issue of result.success ? [] : result.error.issues) {
      const variable = String(issue.path[0] ?? "(environment)");
      if (!problems.has(variable)) problems.set(variable, raw[variable] === undefined ? "is not set (required)" : issue.message);
    }
    for (const [variable, check] of Object.entries(checks)) {
      if (problems.has(variable)) continue;
      try {
        check(raw[variable]);
      } catch (err) {
        // The owners' messages already start with the variable's name ("EGRESS_ALLOW: …").
        const message = err instanceof Error ? err.message : String(err);
        problems.set(variable, message.startsWith(`${variable}: `) ? message.slice(variable.length + 2) : message);
      }
    }
    if (result.success && problems.size === 0) return result.data;
    const list = [...problems].map(([variable, message]) => ({ variable, message }));
    throw new EnvError(
      envName,
      list.sort((a, b) => a.variable.localeCompare(b.variable)),
    );
  };
}

/** Re-parses only when one of `keys` changed in process.env since the last call. */
function cachedReader<T>(keys: readonly string[], parse: (source: TRawEnv) => T): () => T {
  let cache: { stamp: string; value: T } | undefined;
  return () => {
    const stamp = JSON.stringify(keys.map((k) => process.env[k] ?? null));
    if (cache?.stamp !== stamp) cache = { stamp, value: parse(process.env) };
    return cache.value;
  };
}

export function definePiece<S extends z.ZodRawShape>(title: string, shape: S): EnvPiece<S> {
  const parse = parser(title, shape);
  return { title, shape, parse, read: cachedReader(Object.keys(shape), parse) };
}

export function composeEnv<const P extends readonly EnvPiece[]>(
  name: string,
  pieces: P,
  options: { module: string; checks?: EnvChecks },
): ComposedEnv<P> {
  const shape: Record<string, z.core.$ZodType> = {};
  for (const piece of pieces) {
    for (const [key, schema] of Object.entries(piece.shape)) {
      if (key in shape && shape[key] !== schema) throw new Error(`env ${name}: ${key} is defined by two pieces differently`);
      shape[key] = schema;
    }
  }
  for (const key of Object.keys(options.checks ?? {})) {
    if (!(key in shape)) throw new Error(`env ${name}: a check names ${key}, which no piece defines`);
  }
  const parse = parser(name, shape, options.checks) as (source: TRawEnv) => TComposedEnv<P>;
  return { name, module: options.module, pieces, parse, read: cachedReader(Object.keys(shape), parse) };
}

/** EX_CONFIG (sysexits.h): the supervisor and the shell see a configuration error, not a crash. */
const EXIT_CONFIG = 78;

/** For an entry point: the environment, or every problem on stderr (no stack) and exit code 78. */
export function readAtBoot<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (!(err instanceof EnvError)) throw err;
    console.error(err.message);
    process.exit(EXIT_CONFIG);
  }
}

/** A copy of this process's environment for a child process (which reads its own variables). */
export function childProcessEnv(): NodeJS.ProcessEnv {
  return { ...process.env };
}
