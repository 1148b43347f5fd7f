import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The Fluent catalogue lives in ../i18n (shared with the Rust side) and is imported with `?raw`.
const repoRoot = fileURLToPath(new URL("..", import.meta.url));

export default defineConfig({
  // Tauri serves ui/dist through its asset protocol; keep its CLI output readable.
  clearScreen: false,
  server: {
    port: 1420,
    strictPort: true,
    fs: { allow: [repoRoot] },
    watch: { ignored: ["**/src-tauri/**", "**/target/**"] },
  },
  envPrefix: ["VITE_", "TAURI_ENV_"],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // WebKitGTK on Debian 12 (Safari 15+ level); no module preload polyfill needed there.
    target: "safari15",
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    restoreMocks: true,
    unstubGlobals: true,
  },
});
