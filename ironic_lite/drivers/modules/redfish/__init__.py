"""Redfish through sushy: connection cache and protocol code in utils.py."""
