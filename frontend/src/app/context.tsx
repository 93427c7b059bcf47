/** The app's long-lived objects (API client, live feed) and hooks to reach them. */
import { createContext, useContext, useEffect, useRef, useSyncExternalStore, type ReactNode } from "react";
import type { ApiClient, ClientStatus } from "./api/client";
import type { LiveFeed, LiveMessage, LiveStatus } from "./live";

interface AppServices {
  api: ApiClient;
  live: LiveFeed;
}

const ServicesContext = createContext<AppServices | null>(null);

export function AppServicesProvider({ api, live, children }: AppServices & { children: ReactNode }) {
  return <ServicesContext.Provider value={{ api, live }}>{children}</ServicesContext.Provider>;
}

function useServices(): AppServices {
  const services = useContext(ServicesContext);
  if (services === null) throw new Error("AppServicesProvider is missing");
  return services;
}

export const useApi = (): ApiClient => useServices().api;
export const useLive = (): LiveFeed => useServices().live;

export function useLiveStatus(): LiveStatus {
  const live = useLive();
  return useSyncExternalStore(
    (notify) => live.onStatus(notify),
    () => live.getStatus(),
  );
}

export function useClientStatus(): ClientStatus {
  const api = useApi();
  return useSyncExternalStore(
    (notify) => api.onStatus(notify),
    () => api.getStatus(),
  );
}

/** Calls `handler` for every live message (the latest handler, without resubscribing). */
export function useLiveMessages(handler: (message: LiveMessage) => void): void {
  const live = useLive();
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => live.onMessage((message) => latest.current(message)), [live]);
}
