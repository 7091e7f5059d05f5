/** A short two-tone alarm through WebAudio. Silent (never throwing) where audio is unavailable. */
export function beep(): void {
  try {
    const AudioContextClass = (window as unknown as { AudioContext?: typeof AudioContext }).AudioContext;
    if (!AudioContextClass) return;
    const context = new AudioContextClass();
    const gain = context.createGain();
    gain.gain.value = 0.25;
    gain.connect(context.destination);
    [880, 660, 880].forEach((frequency, index) => {
      const oscillator = context.createOscillator();
      oscillator.type = 'square';
      oscillator.frequency.value = frequency;
      oscillator.connect(gain);
      oscillator.start(context.currentTime + index * 0.18);
      oscillator.stop(context.currentTime + index * 0.18 + 0.15);
    });
    setTimeout(() => void context.close().catch(() => undefined), 1000);
  } catch {
    // No audio device, or autoplay blocked: the colour and focus still carry the alert.
  }
}
