"""Demo content for development: the texts and pictures ``manage.py load_demo`` loads."""
