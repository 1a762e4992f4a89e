"""evaluate stage of the khaldun pipeline."""
