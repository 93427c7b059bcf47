/** Loads data for a view and keeps the last answer on screen while reloading (no flashes, no
 * layout shift on live updates); `pollMs` refreshes on a timer (the live feed's fallback). */
import { useCallback, useEffect, useRef, useState, type DependencyList } from "react";

export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

export function useResource<T>(
  load: () => Promise<T>,
  deps: DependencyList,
  options: { pollMs?: number | undefined } = {},
): Resource<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({
    data: undefined,
    error: undefined,
    loading: true,
  });
  const latestLoad = useRef(load);
  latestLoad.current = load;
  const sequence = useRef(0);

  const reload = useCallback(() => {
    const ticket = ++sequence.current;
    setState((s) => ({ ...s, loading: true }));
    latestLoad.current().then(
      (data) => {
        if (ticket === sequence.current) setState({ data, error: undefined, loading: false });
      },
      (error: unknown) => {
        if (ticket === sequence.current) setState((s) => ({ data: s.data, error, loading: false }));
      },
    );
  }, []);

  // the caller lists in `deps` what `load` reads
  useEffect(reload, deps);

  const { pollMs } = options;
  useEffect(() => {
    if (!pollMs) return undefined;
    const timer = setInterval(reload, pollMs);
    return () => clearInterval(timer);
  }, [pollMs, reload]);

  return { ...state, reload };
}
