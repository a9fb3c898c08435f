"""Serializers of API v1, one module per resource; they shape data, the services decide."""
