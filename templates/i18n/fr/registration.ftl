# Registration: strings of this area (fr).
