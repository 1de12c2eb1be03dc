"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import type { inferRouterOutputs } from "@trpc/server";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useState, type ReactNode } from "react";
import superjson from "superjson";

import type { AppRouter } from "@inboxwatch/api";

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();
/** What each procedure returns, for components that receive a slice of a query's data as props. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;

/**
 * tRPC + react-query for one organization's pages: every request names the organization in the
 * `x-org-slug` header, and the server checks membership on each call.
 */
export function TRPCReactProvider({ orgSlug, children }: { orgSlug?: string; children: ReactNode }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            staleTime: 10_000,
            // A 4xx will not fix itself on retry; a network blip might.
            retry: (count, err) =>
              !(
                err instanceof TRPCClientError &&
                (err.data as { httpStatus?: number } | undefined)?.httpStatus &&
                (err.data as { httpStatus: number }).httpStatus < 500
              ) && count < 2,
          },
        },
      }),
  );
  const [client] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [httpBatchLink({ url: "/api/trpc", transformer: superjson, headers: () => (orgSlug ? { "x-org-slug": orgSlug } : {}) })],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={client} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}

/** The message to show for a failed call: the server's own words for known errors. */
export function errorMessage(err: unknown): string | null {
  if (!err) return null;
  if (err instanceof TRPCClientError) return err.message;
  return err instanceof Error ? err.message : "Something went wrong";
}
