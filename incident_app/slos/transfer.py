"""OpenSLO import and export use cases: an upload is stored whole or not at all."""

from __future__ import annotations

from typing import Any

import yaml
from pydantic import ValidationError
from sqlalchemy import select

from incident_app.api.json_provider import MAX_DEPTH
from incident_app.errors import ApiError, field_error, validation_details
from incident_app.extensions import db
from incident_app.models import Service, Slo
from incident_app.slos.openslo import API_VERSION, DocumentError, export_document, slo_fields
from incident_app.slos.schemas import SloCreate
from incident_app.slos.service import write_slo
from incident_app.slos.views import slo_view


def export_slos(service: str | None) -> dict[str, Any]:
    stmt = select(Slo).join(Slo.service).order_by(Slo.name)
    if service:
        stmt = stmt.where(Service.name == service)
    documents = [export_document(slo) for slo in db.session.scalars(stmt)]
    return {"yaml": yaml.safe_dump_all(documents, sort_keys=False), "documents": documents}


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader refusing documents nested deeper than MAX_DEPTH: PyYAML composes recursively
    and would hit Python's recursion limit (a 500) a few hundred levels down."""

    depth = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise yaml.YAMLError(f"nested deeper than {MAX_DEPTH} levels")
            node: yaml.Node | None = super().compose_node(parent, index)
            return node
        finally:
            self.depth -= 1


def _documents(text: str) -> list[Any]:
    try:
        return [doc for doc in yaml.load_all(text, Loader=_BoundedLoader) if doc is not None]
    except yaml.YAMLError as exc:
        raise field_error("yaml", f"not YAML: {exc}") from None


def _name(doc: dict[str, Any]) -> str:
    meta = doc.get("metadata")
    return str(meta.get("name") if isinstance(meta, dict) else None)


def import_slos(text: str) -> dict[str, Any]:
    """Create or redefine (by name) the SLO of every `kind: SLO` document; other kinds are
    reported as ignored, SLI documents serve `indicatorRef`s."""
    documents = _documents(text)
    sli_docs = {
        _name(doc): doc for doc in documents if isinstance(doc, dict) and doc.get("kind") == "SLI"
    }
    created: list[str] = []
    updated: list[str] = []
    ignored: list[str] = []
    stored: list[Slo] = []
    for index, doc in enumerate(documents):
        prefix = f"documents.{index}."
        if not isinstance(doc, dict) or doc.get("apiVersion") != API_VERSION:
            raise field_error(f"{prefix}apiVersion", f"not an {API_VERSION} document")
        if doc.get("kind") != "SLO":
            if doc.get("kind") != "SLI":
                ignored.append(f"{doc.get('kind')}/{_name(doc)}")
            continue
        data = _create(doc, sli_docs, prefix)
        if data.name in created + updated:
            raise field_error(f"{prefix}metadata.name", f"{data.name} appears twice")
        existing = db.session.scalar(select(Slo).where(Slo.name == data.name))
        stored.append(write_slo(data, existing, prefix))
        (updated if existing else created).append(data.name)
        db.session.flush()
    db.session.commit()
    return {
        "created": created,
        "updated": updated,
        "ignored": ignored,
        "items": [slo_view(slo) for slo in stored],
    }


def _create(doc: dict[str, Any], sli_docs: dict[str, Any], prefix: str) -> SloCreate:
    try:
        return SloCreate.model_validate(slo_fields(doc, sli_docs))
    except DocumentError as exc:
        raise field_error(f"{prefix}{exc.path}", str(exc)) from None
    except ValidationError as exc:
        details = validation_details(exc, prefix)
        raise ApiError(422, "validation_error", "An OpenSLO document is invalid", details) from None
