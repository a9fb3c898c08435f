"""manage.py commands: update_translations, compile_translations."""
