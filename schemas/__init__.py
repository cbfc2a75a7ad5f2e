"""The records solieu reads and writes, as pydantic v2 models.

This package imports nothing else of the project: every other layer depends on
it, never the reverse. Every record written by the pipeline is one of these
models, so nothing unvalidated leaves.
"""

from schemas.gazetteer import AdminUnit, Gazetteer
from schemas.models import (
    SCHEMA_VERSION,
    Block,
    Document,
    DocumentFacts,
    Duplicate,
    Entity,
    ErrorRecord,
    Mention,
    MentionRef,
    Period,
    ReportingUnit,
    RunManifest,
    SkippedFile,
    Summary,
    SummaryRow,
    UnassignedFigure,
    json_schemas,
)
from schemas.tables import Table, TableCell, TableColumn, TableRow, TidyRow

__all__ = [
    "SCHEMA_VERSION",
    "AdminUnit",
    "Block",
    "Document",
    "DocumentFacts",
    "Duplicate",
    "Entity",
    "ErrorRecord",
    "Gazetteer",
    "Mention",
    "MentionRef",
    "Period",
    "ReportingUnit",
    "RunManifest",
    "SkippedFile",
    "Summary",
    "SummaryRow",
    "Table",
    "TableCell",
    "TableColumn",
    "TableRow",
    "TidyRow",
    "UnassignedFigure",
    "json_schemas",
]
