// The letter screen's live camera image: Rust keeps the newest frame while it scans for the
// letter's code; the screen asks for it about every POLL_MS, one request at a time, as long as
// it is shown. Frames are not mirrored (a letter's code must look as printed) and are kept
// nowhere but in the <img> (the last one goes when the screen goes).
import type { CameraPreview } from "./bindings";
import { msg } from "./dom";

export const POLL_MS = 200;

export interface CameraPreviewView {
  /** The labelled preview area: the image (once a frame arrived) and the instruction. */
  el: HTMLElement;
  /** Stops polling and drops the last frame. */
  dispose(): void;
}

/**
 * `fetchFrame` is `commands.cameraPreview`: null while no scan runs. A failed request counts as
 * null (the next one may succeed; the member sees the instruction, no error).
 */
export function createCameraPreview(fetchFrame: () => Promise<CameraPreview | null>): CameraPreviewView {
  const image = msg("camera-preview-image", "img", {
    class: "camera-preview-image",
    testid: "camera-preview-image",
    alt: "",
    hidden: true,
  });
  const el = msg("camera-preview", "div", { class: "camera-preview", role: "region", testid: "camera-preview" });
  el.append(image, msg("camera-preview-hint", "p"));

  const show = (frame: CameraPreview | null) => {
    if (!frame) {
      image.hidden = true;
      image.removeAttribute("src");
      delete el.dataset.live;
      return;
    }
    image.width = frame.width;
    image.height = frame.height;
    image.src = `data:image/jpeg;base64,${frame.jpegBase64}`;
    image.hidden = false;
    el.dataset.live = "true";
  };

  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const poll = async () => {
    timer = null;
    let frame: CameraPreview | null = null;
    try {
      frame = await fetchFrame();
    } catch {
      frame = null;
    }
    // Left meanwhile: the answer is dropped, and no next request.
    if (stopped) return;
    show(frame);
    timer = setTimeout(() => void poll(), POLL_MS);
  };
  void poll();

  return {
    el,
    dispose() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      show(null);
    },
  };
}
