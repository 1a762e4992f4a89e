"""khaldun: political event data from text."""
