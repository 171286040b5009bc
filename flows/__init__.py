"""Prefect flows: thin wiring of the steps in `tasks/`."""
