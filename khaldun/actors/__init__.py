"""actors stage of the khaldun pipeline."""
