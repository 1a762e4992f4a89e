"""Summaries of stored events shared by the CLI, the API and the dashboard."""
