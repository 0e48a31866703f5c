import { createFileRoute } from '@tanstack/react-router';
import { VerifyForm } from '../features/courses/verify/VerifyForm';

/** Public: /verify without a code asks for one (typed as printed, any case, with or without dashes). */
export const Route = createFileRoute('/verify/')({
  component: VerifyForm,
});
