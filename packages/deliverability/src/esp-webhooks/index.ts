export * from "./signatures.ts";
export * from "./sns.ts";
