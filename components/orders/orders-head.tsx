import Link from 'next/link';

/** The heading of a page of orders, with "New work order" for those who may create one by hand. */
export function OrdersHead({ title, role }: { title: string; role: string }) {
  return (
    <div className="page-head">
      <h1>{title}</h1>
      {(role === 'admin' || role === 'dispatcher') && (
        <Link href="/orders/new" className="button primary ds-touch">
          New work order
        </Link>
      )}
    </div>
  );
}
