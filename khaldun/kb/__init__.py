"""kb stage of the khaldun pipeline."""
