import { useErrorMessage } from './useErrorMessage';

/** An API error as a sentence in the user's language, announced to screen readers. */
export function ErrorAlert({ error, className = 'error' }: { error: unknown; className?: string }) {
  const errorMessage = useErrorMessage();
  if (!error) return null;
  return (
    <p role="alert" className={className}>
      {errorMessage(error)}
    </p>
  );
}
