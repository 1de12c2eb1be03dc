// The organization's home page figures.
export { getOverview } from "./get-overview.ts";
