"""events stage of the khaldun pipeline."""
