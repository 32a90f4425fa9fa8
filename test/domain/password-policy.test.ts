/** The password rules refuse what guessing tools try first, and nothing a person would pick well. */
import { describe, expect, it } from 'vitest';
import { passwordProblem } from '../../src/domain/password-policy.ts';

describe('passwordProblem', () => {
  it.each([
    [' '.repeat(12), /blank/],
    ['\t \t \t \t \t \t ', /blank/],
    ['short', /at least 12/],
    ['aaaaaaaaaaaa', /one character/],
    ['abcabcabcabc', /pattern/],
    ['2024-2024-2024', /pattern/],
    ['123456789012', /run of keys/],
    ['qwertyuiopas', /run of keys/],
    ['1q2w3e4r5t6y', /run of keys/],
    ['password1234', /guessing tools/],
    ['P@ssw0rd2024!', /guessing tools/],
    ['passwordpassword', /guessing tools/],
    ['iloveyou1234', /guessing tools/],
    ['Welcome@2024', /guessing tools/],
  ])('refuses %j', (password, reason) => {
    expect(passwordProblem(password)).toMatch(reason);
  });

  it.each([
    'correct horse battery staple',
    'mY cat sleeps on the piano',
    'Tr0ub4dor&3xyz-q',
    'k7#vQ9!mZp2@Lx',
  ])('accepts %j', (password) => {
    expect(passwordProblem(password)).toBeNull();
  });
});
