"use client";

import Link from "next/link";
import type { ComponentProps } from "react";

import { PageLayout } from "@inboxwatch/ui";

/** The kit's PageLayout with breadcrumbs that navigate client-side (next/link). */
export function Page(props: Omit<ComponentProps<typeof PageLayout>, "link">) {
  return <PageLayout {...props} link={Link} />;
}
