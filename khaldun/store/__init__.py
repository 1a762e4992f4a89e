"""store stage of the khaldun pipeline."""
