"""Fakes of outside services (HTTP APIs, a broker) that several apps' tests use."""
