import { createFileRoute } from '@tanstack/react-router';
import { RegisterPage } from '../features/privacy/RegisterPage';

/** Public: the register of processing activities (GDPR Art. 30). */
export const Route = createFileRoute('/processing-register')({
  component: RegisterPage,
});
