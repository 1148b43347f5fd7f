// Entry point of the kiosk UI (loaded by index.html; see app.ts for the wiring).
import "./styles.css";
import { start } from "./app";

void start();
