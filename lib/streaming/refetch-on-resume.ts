// Realtime does not replay what a client missed: refetch when the tab becomes visible again or the
// browser comes back online. Returns the function that stops listening. Outside a browser (a
// Node client such as the fault tests') there is no tab to return to.
export function refetchOnResume(refetch: () => void): () => void {
  if (typeof document === "undefined") return () => undefined;
  const onVisibilityChange = () => {
    if (document.visibilityState === "visible") refetch();
  };
  document.addEventListener("visibilitychange", onVisibilityChange);
  window.addEventListener("online", refetch);
  return () => {
    document.removeEventListener("visibilitychange", onVisibilityChange);
    window.removeEventListener("online", refetch);
  };
}
