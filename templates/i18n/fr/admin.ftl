# Admin: strings of this area (fr).
