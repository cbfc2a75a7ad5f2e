"""The records solieu reads and writes, as pydantic v2 models.

This package imports nothing else of the project: every other layer depends on
it, never the reverse. Every record written by the pipeline is one of these
models, so nothing unvalidated leaves.
"""

from schemas.models import (
    SCHEMA_VERSION,
    Block,
    Document,
    DocumentFacts,
    Entity,
    ErrorRecord,
    Mention,
    MentionRef,
    RunManifest,
    SkippedFile,
    Summary,
    SummaryRow,
    json_schemas,
)

__all__ = [
    "SCHEMA_VERSION",
    "Block",
    "Document",
    "DocumentFacts",
    "Entity",
    "ErrorRecord",
    "Mention",
    "MentionRef",
    "RunManifest",
    "SkippedFile",
    "Summary",
    "SummaryRow",
    "json_schemas",
]
