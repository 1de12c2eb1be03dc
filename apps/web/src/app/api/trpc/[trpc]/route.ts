import { trpc } from "~/server/http";

export { trpc as GET, trpc as POST };
