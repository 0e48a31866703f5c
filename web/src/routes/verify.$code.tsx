import { createFileRoute } from '@tanstack/react-router';
import { VerifyPage } from '../features/courses/verify/VerifyPage';

/** Public: anyone holding a certificate (or its QR code) checks it here, signed in or not. */
export const Route = createFileRoute('/verify/$code')({
  component: Verify,
});

function Verify() {
  const { code } = Route.useParams();
  return <VerifyPage code={code} />;
}
