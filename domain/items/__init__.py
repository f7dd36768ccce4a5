"""Items: gripes and relayed customer problems, their lifecycle and their timeline."""
