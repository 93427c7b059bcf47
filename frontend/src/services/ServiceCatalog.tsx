/** The service catalog: what each service serves and earns, and what it depends on; admins
 * add services. Impact figures on incidents come from these numbers. */
import { useState, type FormEvent } from "react";
import { useAuth } from "../app/auth";
import { useApi } from "../app/context";
import { formatMoney, formatNumber } from "../app/format";
import { useResource } from "../app/useResource";
import { ErrorNotice, Panel } from "../app/ui";

function NewServiceForm({ onCreated }: { onCreated: () => void }) {
  const api = useApi();
  const [name, setName] = useState("");
  const [owner, setOwner] = useState("");
  const [users, setUsers] = useState("0");
  const [revenue, setRevenue] = useState("0");
  const [dependsOn, setDependsOn] = useState("");
  const [error, setError] = useState<unknown>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await api.call("post", "/api/services", {
        body: {
          name: name.trim(),
          owner_team: owner.trim(),
          users_served: Number(users),
          revenue_per_hour: Number(revenue),
          depends_on: dependsOn
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean),
        },
      });
      setName("");
      setDependsOn("");
      onCreated();
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <Panel id="new-service" title="Add a service">
      <form className="grid-form" onSubmit={submit}>
        <div className="field">
          <label htmlFor="svc-name">Name</label>
          <input id="svc-name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={63} />
        </div>
        <div className="field">
          <label htmlFor="svc-owner">Owner team</label>
          <input id="svc-owner" value={owner} onChange={(e) => setOwner(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="svc-users">Users served</label>
          <input id="svc-users" type="number" min={0} value={users} onChange={(e) => setUsers(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="svc-revenue">Revenue per hour (USD)</label>
          <input
            id="svc-revenue"
            type="number"
            min={0}
            step="any"
            value={revenue}
            onChange={(e) => setRevenue(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="svc-deps">Depends on (comma-separated)</label>
          <input id="svc-deps" value={dependsOn} onChange={(e) => setDependsOn(e.target.value)} />
        </div>
        <ErrorNotice error={error} />
        <button type="submit" className="primary" disabled={!name.trim()}>
          Add service
        </button>
      </form>
    </Panel>
  );
}

export function ServiceCatalog() {
  const api = useApi();
  const { can } = useAuth();
  const services = useResource(() => api.call("get", "/api/services", { query: { per_page: 100 } }), []);
  const items = services.data?.items ?? [];
  return (
    <section aria-labelledby="services-title">
      <header className="page-head">
        <h1 id="services-title">Services</h1>
        <span className="muted">{services.data?.total ?? 0} in the catalog</span>
      </header>
      <ErrorNotice error={services.error} />
      <div className="table-wrap">
        <table className="services">
          <caption className="visually-hidden">Service catalog</caption>
          <thead>
            <tr>
              <th scope="col">Service</th>
              <th scope="col">Owner</th>
              <th scope="col">Tier</th>
              <th scope="col">Users served</th>
              <th scope="col">Revenue / hour</th>
              <th scope="col">Depends on</th>
            </tr>
          </thead>
          <tbody>
            {items.map((s) => (
              <tr key={s.id}>
                <td data-label="Service">
                  <strong>{s.name}</strong>
                  {s.description && <div className="muted">{s.description}</div>}
                </td>
                <td data-label="Owner">{s.owner_team || "—"}</td>
                <td data-label="Tier">{s.tier}</td>
                <td data-label="Users served">{formatNumber(s.users_served)}</td>
                <td data-label="Revenue / hour">{formatMoney(s.revenue_per_hour)}</td>
                <td data-label="Depends on">{s.depends_on.join(", ") || "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {can("admin") && <NewServiceForm onCreated={services.reload} />}
    </section>
  );
}
