/**
 * Rebuilds the small robustness corpus in test/fixtures/robustness/originals from benign sources:
 * distinct fixture photos, photographic wallpapers from Debian packages (ukui-wallpapers,
 * lomiri-wallpapers-16.04/20.04), wood/fabric/stone/paper textures from gimp-data (one tile
 * enlarged, like a close-up photo) and two text pages rendered here. Everything is downscaled to at most 640 px and
 * saved as JPEG q85 so the committed corpus stays a couple of MB. mate-backgrounds,
 * gnome-backgrounds and python3-skimage are deliberately NOT used: they are held out for an
 * independent check. Install the sources first:
 *   apt-get install ukui-wallpapers lomiri-wallpapers-16.04 lomiri-wallpapers-20.04 gimp-data
 * Run: npx tsx scripts/build-robustness-corpus.ts [OUT_DIR]
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { readGimpPattern } from './gimp-pattern.ts';

const OUT = process.argv[2] ?? 'test/fixtures/robustness/originals';
const MAX_SIDE = 640;
const FIX = 'test/fixtures/pdq';
const L16 = '/usr/share/wallpapers/lomiri-wallpapers-16.04';
const L20 = '/usr/share/wallpapers/lomiri-wallpapers-20.04';
const UKUI = '/usr/share/backgrounds';
const GIMP = '/usr/share/gimp/2.0/patterns';

/**
 * name -> source path. Only one picture of the bridge series (the others are edits of it); c.png is
 * left out (another shot of the pen and coaster), as are small.jpg and two labelme skies (near flat,
 * PDQ quality under 50: unbankable), like two smooth-gradient wallpapers left out of the list below.
 */
const PHOTOS: Record<string, string> = {
  bridge: `${FIX}/bridge-mods/aaa-orig.jpg`,
  'pen-and-coaster': `${FIX}/reg-test-input/pen-and-coaster.png`,
  'exif-scene': `${FIX}/reg-test-input/exif-rotn/exif-rotn-1.jpg`,
  ...Object.fromEntries(
    ['q0122', 'q0291', 'q0746', 'q1050', 'q2821'].map((q) => [
      `labelme-${q}`,
      `${FIX}/reg-test-input/labelme-subset/${q}.jpg`,
    ]),
  ),
};
const WALLPAPERS = [
  'Bridge_by_Sander_Klootwijk.jpg',
  'Dragonfly_by_Bolly.jpg',
  'aitzgorri_by_Aitzol_Berasategi.jpg',
  'friends_by_Aitzol_Berasategi.jpg',
  'life_by_Aitzol_Berasategi.jpg',
  'picosdeeuropa_by_Aitzol_Berasategi.jpg',
  'sunset_by_Aitzol_Berasategi.jpg',
  'Wine_by_Jakkub_Mede.jpg',
  'seeding_by_Clements_Engelhardt.jpg',
  'Kleiber_by_Lukas_Baubkus.jpg',
  'Infinite-Sea_by_Aury88.jpg',
  '2004default.jpg',
  'goldfish.png',
  'string.jpg',
  'the-mouse.jpg',
  'firstgeneration.jpg',
];
const TEXTURES = [
  'Wood/wood1.pat',
  'Wood/bark.pat',
  'Fabric/burlap.pat',
  'Stone/marble1.pat',
  'Paper/crinklepaper.pat',
  'Wood/parque1.pat',
];

export function findWallpaper(file: string): string {
  for (const dir of [L16, L20, UKUI, '/usr/share/ukui-wallpapers']) {
    const path = join(dir, file);
    if (existsSync(path)) return path;
  }
  throw new Error(`${file} not found: install ukui-wallpapers and lomiri-wallpapers-16.04/20.04`);
}

async function save(name: string, image: Sharp): Promise<void> {
  await image
    .resize(MAX_SIDE, MAX_SIDE, { fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 85 })
    .toFile(join(OUT, `${name}.jpg`));
}

/**
 * One pattern tile enlarged to picture size, like a close-up photo of wood or cloth. Tiling the
 * tiles instead would make a periodic wallpaper that no photograph resembles.
 */
async function texture(file: string): Promise<Sharp> {
  const pattern = readGimpPattern(readFileSync(join(GIMP, file)));
  const tile = sharp(pattern.data, {
    raw: { width: pattern.width, height: pattern.height, channels: pattern.channels },
  });
  return sharp(await tile.resize(480, 360, { fit: 'cover', kernel: 'cubic' }).png().toBuffer());
}

const WORDS = (
  'the quick survey of river towns found that bridges built before the war were narrow and steep while ' +
  'the later ones carried two lanes of traffic and a footpath on each side so that the market could grow ' +
  'along the water where the old warehouses still stand beside the lock keeper cottage and the mill race'
).split(' ');

/** A page of justified-looking prose with a heading, on slightly noisy paper, like a scan. */
function textPage(seed: number): Sharp {
  const lines: string[] = [];
  let word = seed * 7;
  for (let i = 0; i < 34; i++) {
    const line: string[] = [];
    while (line.join(' ').length < 58 - ((i * seed) % 9)) line.push(WORDS[word++ % WORDS.length]);
    lines.push(line.join(' '));
  }
  const y0 = 120;
  const text = lines.map((l, i) => `<text x="50" y="${y0 + i * 19}">${l}</text>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="560" height="780">
    <filter id="n"><feTurbulence type="fractalNoise" baseFrequency="0.8" seed="${seed}"/><feColorMatrix values="0 0 0 0 0.9 0 0 0 0 0.88 0 0 0 0 0.82 0 0 0 0.25 0"/></filter>
    <rect width="100%" height="100%" fill="#f4f1e8"/><rect width="100%" height="100%" filter="url(#n)"/>
    <text x="50" y="75" font-family="DejaVu Serif" font-size="${seed === 1 ? 26 : 22}" font-weight="bold">Chapter ${seed}: Of Bridges and Towns</text>
    <g font-family="DejaVu Serif" font-size="14" fill="#222">${text}</g>
    <text x="270" y="${y0 + 34 * 19 + 20}" font-family="DejaVu Serif" font-size="12">${seed * 17}</text></svg>`;
  return sharp(Buffer.from(svg));
}

async function main(): Promise<void> {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  for (const [name, path] of Object.entries(PHOTOS)) await save(name, sharp(path));
  for (const file of WALLPAPERS) {
    await save(`wall-${file.replace(/_by_.*|\.(jpg|png)$/g, '').toLowerCase()}`, sharp(findWallpaper(file)));
  }
  for (const file of TEXTURES)
    await save(`texture-${file.split('/')[1].replace('.pat', '')}`, await texture(file));
  for (const seed of [1, 2]) await save(`text-page-${seed}`, textPage(seed));
  console.log(`corpus written to ${OUT}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
