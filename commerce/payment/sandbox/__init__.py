"""The sandbox payment provider: offline, always approves. The embedded default."""
