/**
 * The edits re-uploaders actually make, as sharp pipelines over an original's bytes: the edited
 * copies the robustness evaluation checks against a bank of the originals. Every edit is
 * deterministic, so two runs print the same numbers.
 */
import sharp, { type Sharp } from 'sharp';

export type Edit = (input: Buffer, meta: { width: number; height: number }) => Promise<Buffer>;

const jpeg = (image: Sharp, quality = 85) => image.jpeg({ quality }).toBuffer();

/**
 * Remove `percent` of each side's length, half from each end: a centred crop. Off-centre crops are
 * NOT covered by the bank's centre crops (a 1.5% offset already costs PDQ ~50 bits).
 */
function crop(percent: number): Edit {
  return (input, { width, height }) => {
    const cutX = Math.round((width * percent) / 100);
    const cutY = Math.round((height * percent) / 100);
    const left = Math.round(cutX / 2);
    const top = Math.round(cutY / 2);
    return jpeg(sharp(input).extract({ left, top, width: width - cutX, height: height - cutY }));
  };
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Meme-style caption: bold white text with a dark outline over the bottom of the picture. */
const caption: Edit = (input, { width, height }) => {
  const size = Math.round(height * 0.09);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <text x="50%" y="${height - size * 0.6}" text-anchor="middle" font-family="DejaVu Sans" font-weight="bold"
      font-size="${size}" fill="white" stroke="black" stroke-width="${Math.max(1, size / 14)}">${escapeXml('when you see it again')}</text></svg>`;
  return jpeg(sharp(input).composite([{ input: Buffer.from(svg) }]));
};

/** A phone screenshot: status bar, account line, the picture scaled into white margins, buttons, text. */
const screenshot: Edit = async (input, { width, height }) => {
  const W = 720;
  const picW = 640;
  const picH = Math.round((height * picW) / width);
  const top = 150;
  const H = top + picH + 260;
  const picture = await sharp(input).resize(picW, picH).toBuffer();
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">
    <rect width="${W}" height="44" fill="#222"/>
    <text x="24" y="30" font-family="DejaVu Sans" font-size="20" fill="white">12:41</text>
    <text x="560" y="30" font-family="DejaVu Sans" font-size="20" fill="white">5G 87%</text>
    <circle cx="64" cy="100" r="26" fill="#c9a"/>
    <text x="104" y="108" font-family="DejaVu Sans" font-weight="bold" font-size="22" fill="#111">some.account</text>
    <text x="40" y="${top + picH + 56}" font-family="DejaVu Sans" font-size="34" fill="#111">&#9825;  &#9998;  &#10148;</text>
    <text x="40" y="${top + picH + 110}" font-family="DejaVu Sans" font-size="20" fill="#111">1,204 likes</text>
    <text x="40" y="${top + picH + 144}" font-family="DejaVu Sans" font-size="20" fill="#333">look what I found lol #repost</text>
    <rect y="${H - 70}" width="${W}" height="70" fill="#f2f2f2"/></svg>`;
  return jpeg(
    sharp({ create: { width: W, height: H, channels: 3, background: '#ffffff' } }).composite([
      { input: Buffer.from(svg) },
      { input: picture, left: (W - picW) / 2, top },
    ]),
  );
};

/** Fit into a square (landscape) or 16:9 (portrait) black canvas: letterbox or pillarbox bars. */
const letterbox: Edit = (input, { width, height }) => {
  const [W, H] = width >= height ? [width, width] : [Math.round((height * 16) / 9), height];
  return jpeg(sharp(input).resize(W, H, { fit: 'contain', background: '#000000' }));
};

export const EDITS: Record<string, Edit> = {
  'resize-50': (i, m) => jpeg(sharp(i).resize(Math.round(m.width / 2))),
  'resize-20': (i, m) => jpeg(sharp(i).resize(Math.max(8, Math.round(m.width / 5)))),
  'jpeg-15': (i) => jpeg(sharp(i), 15),
  'crop-5': crop(5),
  'crop-15': crop(15),
  'rotate-90': (i) => jpeg(sharp(i).rotate(90)),
  'rotate-180': (i) => jpeg(sharp(i).rotate(180)),
  mirror: (i) => jpeg(sharp(i).flop()),
  greyscale: (i) => jpeg(sharp(i).greyscale()),
  brightness: (i) => jpeg(sharp(i).modulate({ brightness: 1.3 })),
  contrast: (i) => jpeg(sharp(i).linear(1.5, -64)),
  blur: (i) => jpeg(sharp(i).blur(3)),
  caption,
  border: (i, m) => {
    const b = Math.round(Math.max(m.width, m.height) * 0.08);
    return jpeg(sharp(i).extend({ top: b, bottom: b, left: b, right: b, background: '#f0f0f0' }));
  },
  letterbox,
  screenshot,
  'tilt-3': (i) => jpeg(sharp(i).rotate(3, { background: '#000000' })),
  webp: (i) => sharp(i).webp({ quality: 50 }).toBuffer(),
};
