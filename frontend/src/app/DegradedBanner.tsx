/** A visible notice while the API client is degraded (breaker open, or answers from the cache). */
import { useClientStatus } from "./context";
import { formatTime } from "./format";

export function DegradedBanner() {
  const { degraded, staleSince } = useClientStatus();
  return (
    <div className="banner-slot" aria-live="assertive">
      {degraded && (
        <p className="degraded-banner" role="alert">
          The Rootline API is not answering reliably; retrying with backoff.
          {staleSince !== null && ` Showing data from ${formatTime(new Date(staleSince).toISOString())}.`}
        </p>
      )}
    </div>
  );
}
