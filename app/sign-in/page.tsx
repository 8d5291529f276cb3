import { redirect } from 'next/navigation';
import { homeFor } from '../../server/navigation';
import { getRequestContext } from '../../server/rsc';
import { SignInForm } from './sign-in-form';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Sign in' };

export default async function SignInPage() {
  const { principal } = await getRequestContext();
  if (principal) redirect(homeFor(principal.role));
  return (
    <main className="sign-in">
      <div className="sign-in-card">
        <h1>Dispatch Studio</h1>
        <p className="muted">Sign in to work your dispatch queues, flows and rules.</p>
        <SignInForm />
      </div>
    </main>
  );
}
