/** Routes: the login page, and every other screen inside the signed-in shell. */
import { BrowserRouter, Link, Route, Routes } from "react-router-dom";
import { IncidentBoard } from "../intelligence/IncidentBoard";
import { IncidentDetail } from "../intelligence/IncidentDetail";
import { ServiceCatalog } from "../services/ServiceCatalog";
import { SimulationPanel } from "../simulation/SimulationPanel";
import { SloDetail } from "../slos/SloDetail";
import { SloList } from "../slos/SloList";
import { RequireAuth, RequireRole } from "./auth";
import { LoginPage } from "./LoginPage";
import { Shell } from "./Shell";

function NotFound() {
  return (
    <section aria-labelledby="not-found-title">
      <h1 id="not-found-title">Not found</h1>
      <p>
        Nothing lives at this address. <Link to="/">Back to the incidents</Link>.
      </p>
    </section>
  );
}

export function App() {
  return (
    <BrowserRouter>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route
          element={
            <RequireAuth>
              <Shell />
            </RequireAuth>
          }
        >
          <Route index element={<IncidentBoard />} />
          <Route path="incidents/:id" element={<IncidentDetail />} />
          <Route path="slos" element={<SloList />} />
          <Route path="slos/:id" element={<SloDetail />} />
          <Route path="services" element={<ServiceCatalog />} />
          <Route
            path="simulation"
            element={
              <RequireRole role="admin">
                <SimulationPanel />
              </RequireRole>
            }
          />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
