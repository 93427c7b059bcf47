/** The incident's tasks: responders add them, tick them off and remove them. */
import { useState, type FormEvent } from "react";
import type { Task, TaskStatus } from "../app/api/types";
import { ErrorNotice, Panel } from "../app/ui";

interface Props {
  tasks: Task[];
  canWrite: boolean;
  onAdd: (title: string) => Promise<void>;
  onStatus: (task: Task, status: TaskStatus) => Promise<void>;
  onDelete: (task: Task) => Promise<void>;
}

export function TaskList({ tasks, canWrite, onAdd, onStatus, onDelete }: Props) {
  const [title, setTitle] = useState("");
  const [error, setError] = useState<unknown>(null);

  async function attempt(action: () => Promise<void>) {
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError(failure);
    }
  }

  function add(event: FormEvent) {
    event.preventDefault();
    void attempt(async () => {
      await onAdd(title.trim());
      setTitle("");
    });
  }

  const done = tasks.filter((t) => t.status === "done").length;
  return (
    <Panel id="tasks" title={`Tasks (${done}/${tasks.length} done)`} className="tasks">
      {tasks.length === 0 && <p className="muted">No tasks yet.</p>}
      <ul className="task-list">
        {tasks.map((task) => (
          <li key={task.id} className={`task task-${task.status}`}>
            <label>
              <input
                type="checkbox"
                checked={task.status === "done"}
                disabled={!canWrite}
                onChange={(e) => void attempt(() => onStatus(task, e.target.checked ? "done" : "todo"))}
              />{" "}
              {task.title}
            </label>
            {task.assignee && <span className="muted"> · {task.assignee.username}</span>}
            {canWrite && (
              <button
                type="button"
                className="link"
                aria-label={`Delete task ${task.title}`}
                onClick={() => void attempt(() => onDelete(task))}
              >
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
      {canWrite && (
        <form className="inline-form" onSubmit={add}>
          <label htmlFor="task-title" className="visually-hidden">
            New task
          </label>
          <input
            id="task-title"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            placeholder="New task"
            maxLength={200}
            required
          />
          <button type="submit" disabled={!title.trim()}>
            Add task
          </button>
        </form>
      )}
      <ErrorNotice error={error} />
    </Panel>
  );
}
