"""The running program: configuration, CLI, channels, workers."""
