"""The kiosk's view-models: all behaviour, no widgets."""
