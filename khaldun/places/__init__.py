"""places stage of the khaldun pipeline."""
