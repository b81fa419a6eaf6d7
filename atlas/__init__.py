"""The dashboard's building blocks: map and chart builders (pure), sidebar filters, app wiring."""
