// Organizations, their members and invitations.
export * from "./organization.ts";
export * from "./members.ts";
export * from "./invitations.ts";
