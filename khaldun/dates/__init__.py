"""dates stage of the khaldun pipeline."""
