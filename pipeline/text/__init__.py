"""Text helpers shared by several stages."""
