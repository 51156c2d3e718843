/** What went wrong with the control just used, read out at once (role="alert"); nothing when all is well. */
export function ErrorAlert({ message, className = "" }: { message: string | null; className?: string }) {
  if (!message) return null;
  return (
    <p role="alert" className={`text-sm text-danger ${className}`}>
      {message}
    </p>
  );
}
