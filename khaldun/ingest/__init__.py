"""ingest stage of the khaldun pipeline."""
