"""Our adapter over pylti1p3: the only place the rest of the tool touches the library."""
