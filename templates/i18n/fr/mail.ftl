# Mail: strings of this area (fr).
