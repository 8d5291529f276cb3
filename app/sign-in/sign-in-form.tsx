'use client';
import { useActionState } from 'react';
import { signInWithPassword, type SignInState } from './actions';

const INITIAL: SignInState = { error: null, email: '' };

/**
 * Posts to a Server Action, so it signs in before the page hydrates (and without JavaScript); the
 * password travels in the request body only.
 */
export function SignInForm() {
  const [state, action, pending] = useActionState(signInWithPassword, INITIAL);
  return (
    <form action={action} className="form" aria-label="Sign in">
      <label className="field">
        <span>Email</span>
        <input name="email" type="email" autoComplete="username" required autoFocus defaultValue={state.email} key={state.email} />
      </label>
      <label className="field">
        <span>Password</span>
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      {state.error && (
        <p role="alert" className="error">
          {state.error}
        </p>
      )}
      <button type="submit" className="button primary" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
