"""Server-rendered pages: templates, thin views and static files."""
