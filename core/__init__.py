"""Shared building blocks: domain exceptions, validators, base models."""
