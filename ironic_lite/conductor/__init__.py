"""The conductor: RPC client and server, task manager, periodic tasks."""
