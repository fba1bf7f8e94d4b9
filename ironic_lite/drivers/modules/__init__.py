"""Implementations of driver interfaces and the protocol code below them."""
