export * from "./button.tsx";
export * from "./card.tsx";
export * from "./cn.ts";
export * from "./feedback.tsx";
export * from "./form.tsx";
export * from "./sparkline.tsx";
export * from "./status-pill.tsx";
export * from "./table.tsx";
