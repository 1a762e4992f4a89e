"""nlp stage of the khaldun pipeline."""
