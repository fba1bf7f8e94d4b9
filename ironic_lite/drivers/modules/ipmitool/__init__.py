"""IPMI through ipmitool: protocol code in command.py."""
