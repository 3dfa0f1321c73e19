# Admin: strings of this area (en).
