'use server';
// The sign-in form's Server Action: the form posts here (before hydration too), so a password
// never lands in a URL. better-auth's nextCookies plugin sets the session cookie; the throttle in
// server/auth.ts counts the attempt like one on /api/auth/sign-in/email.
import { isAPIError } from 'better-auth/api';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { ROLES, type Role } from '../../drizzle/schema';
import { getServerApp } from '../../server/app';
import { homeFor } from '../../server/navigation';

export interface SignInState {
  error: string | null;
  /** Kept so the form shows it again; the password never is. */
  email: string;
}

export async function signInWithPassword(_previous: SignInState, form: FormData): Promise<SignInState> {
  const email = String(form.get('email') ?? '').trim();
  const password = String(form.get('password') ?? '');
  if (!email || !password) return { error: 'Enter your email and password.', email };
  let home: string;
  try {
    const { auth } = await getServerApp();
    const { user } = await auth.api.signInEmail({ body: { email, password }, headers: await headers() });
    const role = (user as { role?: string }).role;
    home = ROLES.includes(role as Role) ? homeFor(role as Role) : '/';
  } catch (error) {
    return { error: signInErrorMessage(error), email };
  }
  redirect(home);
}

function signInErrorMessage(error: unknown): string {
  if (isAPIError(error)) {
    if (error.statusCode === 401) return 'Wrong email or password.';
    if (error.statusCode === 429) return error.body?.message ?? 'Too many failed sign-ins; try again later.';
    if (error.statusCode === 400) return 'Enter a valid email address and your password.';
  }
  console.error('[sign-in] unexpected error', error);
  return 'Sign-in failed; try again.';
}
