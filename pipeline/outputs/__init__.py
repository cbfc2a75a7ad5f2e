"""What a run hands on: records, JSONL, CSV, exports, the summary and its chart."""
