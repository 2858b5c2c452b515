"""What tests build their world with, shared across apps (as Oscar's own ``oscar.test``).

``factories`` makes the shop's objects (one module per app whose objects other apps' tests need),
``fakes`` stands in for outside services, ``fixtures`` holds the pytest fixtures the root
``conftest.py`` registers. Tests import from here, never from another app's ``tests`` package;
production code never imports this package.
"""
