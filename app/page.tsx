import { redirect } from 'next/navigation';
import { homeFor } from '../server/navigation';
import { getRequestContext } from '../server/rsc';

export const dynamic = 'force-dynamic';

export default async function Home() {
  const { principal } = await getRequestContext();
  redirect(principal ? homeFor(principal.role) : '/sign-in');
}
