"""Qt widgets. May import the models and services; they never import this package."""
