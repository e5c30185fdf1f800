"""The kiosk's widgets: they render view-model state and forward taps."""
