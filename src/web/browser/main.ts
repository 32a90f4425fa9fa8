/**
 * The one browser bundle of the pages (served as /assets/redress.js). Every page works without
 * it; with it the request form fingerprints copies in the page and runs the proof-of-work, and
 * the console counts deadlines down live and reveals blurred previews on request.
 */
import { countdown } from '../countdown.ts';
import { localiseTimes } from '../local-time.ts';
import { hashFile } from './hash-file.ts';
import { solve } from './pow.ts';

function setUpEvidence(form: HTMLFormElement): void {
  const msg = (name: string) => form.dataset[name] ?? '';
  form.querySelectorAll<HTMLElement>('[data-item]').forEach((item) => {
    const i = item.dataset.item;
    const hashField = item.querySelector<HTMLElement>('.hash-field');
    const file = item.querySelector<HTMLInputElement>('input[type=file]');
    const status = item.querySelector<HTMLElement>('[role=status]');
    const view = item.querySelector<HTMLElement>('[data-hash-view]');
    const pdq = form.querySelector<HTMLInputElement>(`input[name=item_pdq_${i}]`);
    const sha = form.querySelector<HTMLInputElement>(`input[name=item_sha256_${i}]`);
    const variants = form.querySelector<HTMLInputElement>(`input[name=item_variants_${i}]`);
    if (!hashField || !file || !status || !view || !pdq || !sha || !variants) return;
    item.querySelectorAll<HTMLInputElement>(`input[name=evidence_${i}]`).forEach((radio) =>
      radio.addEventListener('change', () => {
        const on = radio.value === 'hash' && radio.checked;
        hashField.hidden = !on;
        if (!on) {
          pdq.value = sha.value = variants.value = file.value = view.textContent = status.textContent = '';
        }
      }),
    );
    file.addEventListener('change', async () => {
      const chosen = file.files?.[0];
      pdq.value = sha.value = variants.value = view.textContent = '';
      if (!chosen) return;
      status.textContent = msg('msgWorking');
      try {
        const hashes = await hashFile(chosen);
        sha.value = hashes.sha256;
        pdq.value = hashes.pdq ?? '';
        variants.value = hashes.variants;
        view.textContent = `PDQ ${hashes.pdq ?? '-'} · SHA-256 ${hashes.sha256}`;
        status.textContent = msg('msgDone');
      } catch {
        status.textContent = msg('msgFailed');
      }
    });
  });
}

/** The representative's fields matter only when someone acts for the person shown. */
function setUpRepresentative(form: HTMLFormElement): void {
  const block = form.querySelector<HTMLElement>('.rep-only');
  const radios = form.querySelectorAll<HTMLInputElement>('input[name=role]');
  if (!block) return;
  const sync = () => {
    block.hidden = !form.querySelector<HTMLInputElement>('#role-authorised_representative')?.checked;
  };
  radios.forEach((r) => r.addEventListener('change', sync));
  sync();
}

function setUpProofOfWork(form: HTMLFormElement): void {
  const challenge = form.querySelector<HTMLInputElement>('input[name=pow_challenge]');
  const nonce = form.querySelector<HTMLInputElement>('input[name=pow_nonce]');
  if (!challenge || !nonce || !crypto.subtle) return;
  const solved = solve(challenge.value, Number(form.dataset.powBits ?? 16)).then((n) => {
    nonce.value = n;
  });
  form.addEventListener('submit', (event) => {
    if (nonce.value) return;
    event.preventDefault();
    const submitter = event.submitter as HTMLButtonElement | null;
    form.setAttribute('aria-busy', 'true');
    void solved.then(() => form.requestSubmit(submitter ?? undefined));
  });
}

function setUpCountdowns(): void {
  const nodes = document.querySelectorAll<HTMLElement>('[data-deadline]');
  if (nodes.length === 0) return;
  const tick = () =>
    nodes.forEach((node) => {
      const d = node.dataset;
      const c = countdown(
        Date.parse(d.received ?? ''),
        Date.parse(d.deadline ?? ''),
        Date.now(),
        Number(d.decision),
        Number(d.alarm),
      );
      node.textContent = c.text;
      node.className = `badge t-${c.band}`;
    });
  tick();
  setInterval(tick, 30_000);
}

function setUpReveal(): void {
  document.querySelectorAll<HTMLButtonElement>('button[data-reveal]').forEach((button) =>
    button.addEventListener('click', () => {
      const target = document.getElementById(button.dataset.reveal ?? '');
      if (!target) return;
      const shown = target.classList.toggle('revealed');
      button.setAttribute('aria-pressed', String(shown));
    }),
  );
}

document.querySelectorAll<HTMLElement>('.js-only').forEach((el) => (el.hidden = false));
const form = document.querySelector<HTMLFormElement>('#request-form');
if (form) {
  // Browsers that ignore autofocus on a non-control still land on the list of what to fix.
  document.getElementById('error-summary')?.focus();
  setUpEvidence(form);
  setUpRepresentative(form);
  setUpProofOfWork(form);
}
setUpCountdowns();
setUpReveal();
localiseTimes(document, document.documentElement.lang);
