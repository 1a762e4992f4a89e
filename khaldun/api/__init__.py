"""api stage of the khaldun pipeline."""
