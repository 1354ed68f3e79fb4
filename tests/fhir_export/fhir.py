"""Validating with fhir.resources 6.4.0, the last release whose models are FHIR R4 (4.0.1)."""

from __future__ import annotations

from typing import Any

from fhir.resources import construct_fhir_element
from fhir.resources.bundle import Bundle


def valid(resource: dict[str, Any]) -> Any:
    """The resource parsed by its R4 model; raises pydantic's ValidationError otherwise."""
    return construct_fhir_element(resource["resourceType"], resource)


def valid_bundle(data: dict[str, Any]) -> Bundle:
    return Bundle.parse_obj(data)


def references(value: Any) -> list[str]:
    """Every Reference.reference anywhere in a resource."""
    if isinstance(value, dict):
        found = [value["reference"]] if isinstance(value.get("reference"), str) else []
        return found + [r for v in value.values() for r in references(v)]
    if isinstance(value, list):
        return [r for v in value for r in references(v)]
    return []


def resources(data: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in data["entry"] if e["resource"]["resourceType"] == kind]
