import { z } from "zod";

/** Value types shared by the pieces. Every schema here reads a string (or nothing) from the environment. */

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

/** "true" / "false", like the variables already documented in .env.example. */
export const flag = () =>
  z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true");

/** "0" / "1" switches of `npm start`. */
export const switch01 = () =>
  z
    .enum(["0", "1"])
    .default("0")
    .transform((v) => v === "1");
