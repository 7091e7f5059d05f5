/**
 * The Content Security Policy of the officer UI, wherever it runs: in the Electron window and in browser
 * mode (`post serve`). Nothing from the network, no inline script, no eval; images and the webcam
 * preview may use data:/blob: URLs (face photo, finger previews). `connect-src 'self'` lets browser mode
 * call the server that served the page; in Electron the renderer talks only through the preload bridge.
 */
export function officerUiCsp(): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob: mediastream:",
    "font-src 'self'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}
