/**
 * What a staff password must not be: short, blank, one character over and over, a short pattern
 * repeated, a run along the keyboard or the alphabet, or a common password with digits and
 * symbols around it (`password1234`, `P@ssw0rd2024!`). The list is small and bundled; nothing
 * is looked up over the network. Length is what matters most, so the rules only catch what
 * guessing tools try first.
 */

export const MIN_PASSWORD_LENGTH = 12;

// The most common passwords and password stems (lower case, letters only): the words guessing
// lists start with, so a stem plus digits or symbols is refused.
const COMMON_STEMS = new Set([
  'password',
  'passw',
  'pass',
  'passwort',
  'contrasena',
  'motdepasse',
  'qwerty',
  'qwertz',
  'azerty',
  'letmein',
  'welcome',
  'admin',
  'administrator',
  'root',
  'login',
  'iloveyou',
  'monkey',
  'dragon',
  'football',
  'baseball',
  'soccer',
  'hockey',
  'master',
  'shadow',
  'sunshine',
  'princess',
  'superman',
  'batman',
  'trustno',
  'starwars',
  'whatever',
  'freedom',
  'secret',
  'changeme',
  'default',
  'access',
  'hello',
  'hellohello',
  'charlie',
  'michael',
  'jennifer',
  'jordan',
  'hunter',
  'ranger',
  'buster',
  'killer',
  'summer',
  'winter',
  'spring',
  'autumn',
  'january',
  'cookie',
  'cheese',
  'computer',
  'internet',
  'google',
  'samsung',
  'apple',
  'pokemon',
  'naruto',
  'matrix',
  'mustang',
  'harley',
  'ginger',
  'pepper',
  'thomas',
  'daniel',
  'andrew',
  'robert',
  'love',
  'lovely',
  'flower',
  'angel',
  'family',
  'friends',
  'redress',
  'staff',
  'moderator',
  'user',
  'guest',
  'test',
  'testing',
  'demo',
  'example',
  'abc',
  'qazwsx',
  'zaq',
  'asdf',
  'asdfgh',
  'zxcvbn',
  'abcdef',
]);

// Runs people type: the alphabet, digits, keyboard rows and columns (each doubled, so a run that
// wraps around, like 890123, is found too).
const RUNS = [
  'abcdefghijklmnopqrstuvwxyz',
  '0123456789',
  'qwertyuiopasdfghjklzxcvbnm',
  'qwertzuiopasdfghjklyxcvbnm',
  'azertyuiopqsdfghjklmwxcvbn',
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p',
  '1q2w3e4r5t6y7u8i9o0p',
  'zaq1xsw2cde3vfr4bgt5nhy6mju7',
].flatMap((run) => {
  const doubled = run + run;
  return [doubled, [...doubled].reverse().join('')];
});

const LEET: Record<string, string> = {
  '@': 'a',
  '4': 'a',
  '3': 'e',
  '1': 'i',
  '!': 'i',
  '0': 'o',
  $: 's',
  '5': 's',
  '7': 't',
  '+': 't',
};

function unleet(s: string): string {
  return [...s].map((ch) => LEET[ch] ?? ch).join('');
}

/** True when the text is a unit of up to 6 characters over and over (`2024-2024-2024`). */
function repeatsShortUnit(text: string): boolean {
  const chars = [...text];
  for (let k = 1; k <= 6 && 2 * k <= chars.length; k++) {
    if (chars.every((ch, i) => ch === chars[i % k])) return true;
  }
  return false;
}

/** Why this password is refused, in words for the person choosing it, or null if it will do. */
export function passwordProblem(password: string): string | null {
  if (password.trim() === '') return 'A password cannot be blank or only spaces.';
  if ([...password].length < MIN_PASSWORD_LENGTH)
    return `Use at least ${MIN_PASSWORD_LENGTH} characters. A few unrelated words work well.`;
  const lower = password.toLowerCase();
  const compact = lower.replace(/\s+/g, '');
  if (new Set(compact).size === 1) return 'A password cannot be one character repeated.';
  if (repeatsShortUnit(compact)) return 'A password cannot be a short pattern repeated.';
  if (RUNS.some((run) => run.includes(compact)))
    return 'A password cannot be a run of keys or letters, like 123456789012 or qwertyuiopas.';
  // The letters in the middle, without the digits and symbols people add around a common word.
  const stem = unleet(lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '')).replace(/[^a-z]/g, '');
  const common = [...COMMON_STEMS].find((w) => stem === w || new RegExp(`^(${w})+$`).test(stem));
  if (common || RUNS.some((run) => stem.length >= 4 && run.includes(stem)))
    return 'This password is one of the first that guessing tools try. A few unrelated words work well.';
  return null;
}
