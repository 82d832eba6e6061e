/** Taps of the low-pass filter (odd, so it has a centre); enough for pitch, which only needs what lies below 1 kHz. */
const TAPS = 31;

/** Windowed-sinc half-band low-pass (cut-off at a quarter of the input rate), Blackman window, unity DC gain. */
const KERNEL = ((): Float64Array => {
  const k = new Float64Array(TAPS);
  const mid = (TAPS - 1) / 2;
  let sum = 0;
  for (let i = 0; i < TAPS; i++) {
    const n = i - mid;
    const sinc = n === 0 ? 0.5 : Math.sin(Math.PI * n * 0.5) / (Math.PI * n);
    const w = 0.42 - 0.5 * Math.cos((2 * Math.PI * i) / (TAPS - 1)) + 0.08 * Math.cos((4 * Math.PI * i) / (TAPS - 1));
    k[i] = sinc * w;
    sum += k[i] ?? 0;
  }
  for (let i = 0; i < TAPS; i++) k[i] = (k[i] ?? 0) / sum;
  return k;
})();

/**
 * `count` samples at half the rate, starting at input sample `start`, as floats in [-1, 1]: low-pass then keep every
 * other sample. Reads only the samples it needs (the window plus the filter's reach), so a pitch window of a long
 * answer costs the same as one of a short answer.
 */
export function halveRateWindow(pcm: Int16Array, start: number, count: number, out: Float32Array = new Float32Array(count)): Float32Array {
  const reach = (TAPS - 1) / 2;
  for (let j = 0; j < count; j++) {
    const centre = start + 2 * j;
    let acc = 0;
    for (let t = 0; t < TAPS; t++) {
      const i = centre + t - reach;
      if (i >= 0 && i < pcm.length) acc += (KERNEL[t] ?? 0) * (pcm[i] ?? 0);
    }
    out[j] = acc / 32768;
  }
  return out;
}
