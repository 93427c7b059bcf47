import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { ApiClient } from "./app/api/client";
import { App } from "./app/App";
import { AuthProvider } from "./app/auth";
import { AppServicesProvider } from "./app/context";
import { LiveFeed } from "./app/live";
import "./app/styles.css";

const api = new ApiClient();
const live = new LiveFeed({ token: () => api.freshAccessToken() });

createRoot(document.getElementById("root") as HTMLElement).render(
  <StrictMode>
    <AppServicesProvider api={api} live={live}>
      <AuthProvider>
        <App />
      </AuthProvider>
    </AppServicesProvider>
  </StrictMode>,
);
