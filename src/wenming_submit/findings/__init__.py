"""The finding vocabulary (DESIGN §5): the registry of codes, the Finding value and the code specs of every stage."""
