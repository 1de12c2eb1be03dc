// pg-boss ships types for its public API only; its SQL plans module is used by insert-then-send.ts.
declare module "pg-boss/src/plans.js" {
  const plans: { insertJob(schema: string): string };
  export default plans;
}
