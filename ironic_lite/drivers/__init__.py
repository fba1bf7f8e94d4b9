"""Hardware abstraction: driver interfaces, hardware types, modules."""
