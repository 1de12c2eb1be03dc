/**
 * React's `renderToStaticMarkup`, loaded by Node at run time instead of imported. Next.js refuses
 * `react-dom/server` anywhere in the module graph of App Router route handlers (the React Server Components
 * layer), and the web app's REST routes and tRPC procedures render reports (share pages, previews, ad hoc
 * renders) through this package. A static import would fail the web build; a require that the bundler
 * cannot follow is resolved by Node from node_modules when a report is rendered. Outside Next (the worker,
 * tests, benchmarks) it is the very module a static import gives. The report's components are plain
 * functions with no hooks or context, so the React copy Next bundles for its server layer and the one this
 * loads render them alike.
 */
import type * as ReactDomServer from "react-dom/server";

type NodeModuleApi = { createRequire(from: string): (id: string) => unknown };

let loaded: typeof ReactDomServer | undefined;

export function renderToStaticMarkup(...args: Parameters<typeof ReactDomServer.renderToStaticMarkup>): string {
  if (!loaded) {
    // process.getBuiltinModule (Node ≥ 20.16) and a computed specifier: nothing here for a bundler to trace.
    const nodeModule = process.getBuiltinModule("module") as NodeModuleApi;
    const requireFromHere = nodeModule.createRequire(`${process.cwd()}/package.json`);
    loaded = requireFromHere(["react-dom", "server"].join("/")) as typeof ReactDomServer;
  }
  return loaded.renderToStaticMarkup(...args);
}
