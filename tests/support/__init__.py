"""Helpers shared by the tests: a real local HTTP server with the pages a news site can serve."""
