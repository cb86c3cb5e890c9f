"""Editorial roles (Reporters, Editors): created after migrate."""
