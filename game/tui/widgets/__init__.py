"""Widgets the Ballerina screens are built from: menus, the typewriter text, the too-small notice."""
