"""A throwaway host project for the warnings app: its own series, episodes and flaggable clips,
and settings with no ``articles`` at all (see tests/test_warnings_app.py)."""
