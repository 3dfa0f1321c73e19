# Registration: strings of this area (en).
