export * from "./figures.ts";
// The renderers are pure (React, no I/O); the PDF renderer drives Chromium and is only at "./pdf".
export * from "./render/index.ts";
