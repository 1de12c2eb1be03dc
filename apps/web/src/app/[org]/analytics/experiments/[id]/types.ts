import { type RouterOutputs } from "~/trpc/react";

export type ExperimentDetail = RouterOutputs["analytics"]["experiments"]["get"];
/** The stored result the refresh job computed (null on the experiment before its first refresh). */
export type ExperimentResultView = NonNullable<ExperimentDetail["result"]["view"]>;
