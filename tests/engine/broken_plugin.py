"""A plugin module that fails at import time."""

raise ImportError("this plugin needs a library that is not installed")
