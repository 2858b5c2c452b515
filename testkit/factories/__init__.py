"""Factories per app: each module makes that app's objects the way the shop itself does."""
